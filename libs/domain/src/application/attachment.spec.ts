import {
  assertAttachmentType,
  assertDocumentsPresent,
  missingDocuments,
  requiredDocuments,
  sniffAttachmentType,
} from './attachment';
import { caught } from '../kernel/spec-helpers';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const zip = (firstEntry: string) =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), bytes(firstEntry)]);

describe('sniffAttachmentType', () => {
  it.each([
    ['%PDF-1.7\n...', 'pdf'],
    ['\x89PNG\r\n\x1a\n....', 'png'],
    ['\xff\xd8\xff\xe0JFIF', 'jpeg'],
    ['\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....', 'ole'],
    ['MZ\x90\x00', null],
    ['hello', null],
  ])('reads %j as %s', (head, type) => {
    expect(sniffAttachmentType(bytes(head))).toBe(type);
  });

  it('tells Word, Excel, PowerPoint and OFD packages apart by their part names', () => {
    expect(sniffAttachmentType(zip('[Content_Types].xml..word/document.xml'))).toBe('docx');
    expect(sniffAttachmentType(zip('[Content_Types].xml..xl/workbook.xml'))).toBe('xlsx');
    expect(sniffAttachmentType(zip('[Content_Types].xml..ppt/presentation.xml'))).toBe('pptx');
    expect(sniffAttachmentType(zip('OFD.xml'))).toBe('ofd');
    expect(sniffAttachmentType(zip('payload.exe'))).toBeNull();
  });
});

describe('assertAttachmentType', () => {
  it('accepts a matching extension in any case', () => {
    expect(assertAttachmentType(bytes('%PDF-1.4'), '申报书.PDF')).toBe('pdf');
    expect(assertAttachmentType(bytes('\xff\xd8\xff\xe0'), 'photo.jpeg')).toBe('jpeg');
  });

  it('refuses content that disagrees with the name with 415, naming both', () => {
    const error = caught(() => assertAttachmentType(bytes('\x89PNG\r\n\x1a\n'), 'pledge.pdf'));
    expect(error.status).toBe(415);
    expect(error.fields).toEqual([
      {
        path: 'name',
        message: {
          zh: '文件内容为 PNG，与文件扩展名“.pdf”不符',
          en: 'The content is PNG, which does not match the extension “.pdf”',
        },
      },
    ]);
  });

  it('refuses unknown content whatever its name', () => {
    expect(caught(() => assertAttachmentType(bytes('MZ'), 'a.pdf')).fields[0].path).toBe('file');
  });
});

describe('required documents', () => {
  const template = [
    { code: 'application_form', name: { zh: '项目申报书', en: 'Application form' } },
    { code: 'integrity_pledge', name: { zh: '科研诚信承诺书', en: 'Research-integrity pledge' } },
  ];

  it('adds the ethics approval when the work needs one', () => {
    expect(requiredDocuments(template, false).map((d) => d.code)).toEqual([
      'application_form',
      'integrity_pledge',
    ]);
    expect(requiredDocuments(template, true).map((d) => d.code)).toEqual([
      'application_form',
      'integrity_pledge',
      'ethics_approval',
    ]);
  });

  it('names each missing document at its own path', () => {
    expect(missingDocuments(template, ['application_form']).map((d) => d.code)).toEqual(['integrity_pledge']);
    expect(() =>
      assertDocumentsPresent(template, ['application_form', 'integrity_pledge', 'other']),
    ).not.toThrow();
    const error = caught(() => assertDocumentsPresent(template, []));
    expect(error.fields.map((f) => f.path)).toEqual([
      'attachments.application_form',
      'attachments.integrity_pledge',
    ]);
    expect(error.bilingual.zh).toBe('缺少必需的附件：项目申报书、科研诚信承诺书');
  });
});
