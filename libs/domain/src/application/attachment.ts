import { z } from 'zod';
import { Bilingual, DomainError } from '../kernel/messages';
import { bilingual } from '../kernel/validation';

/**
 * Attachments (附件): PDF, images and Office documents. The type is decided by the file's first
 * bytes, never by its name or the declared content type, and the name's extension must agree
 * with it, so a renamed executable or a PNG called .pdf is refused.
 */
export const ATTACHMENT_TYPES = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  png: { mediaType: 'image/png', extensions: ['png'], label: 'PNG' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word',
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    label: 'Excel',
  },
  pptx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    label: 'PowerPoint',
  },
  /** Office 97–2003 (OLE compound file); the three formats share a header. */
  ole: { mediaType: 'application/x-ole-storage', extensions: ['doc', 'xls', 'ppt'], label: 'Office 97–2003' },
  /** 版式文档 OFD (GB/T 33190), the Chinese government's fixed-layout format: a zip with OFD.xml. */
  ofd: { mediaType: 'application/ofd', extensions: ['ofd'], label: 'OFD' },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

/** Bytes to read before deciding: enough for the zip's first entry names. */
export const SNIFF_BYTES = 4096;
/** Default size limit when the template sets none. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 64 * 1024 * 1024;

const startsWith = (head: Uint8Array, sig: number[]) => sig.every((b, i) => head[i] === b);

function latin1(head: Uint8Array): string {
  let s = '';
  for (let i = 0; i < head.length; i++) s += String.fromCharCode(head[i]);
  return s;
}

/** The type the content says it is, or null when it is none of the accepted ones. */
export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // OOXML packages name their parts in the zip's local headers near the start.
    const names = latin1(head);
    if (names.includes('word/')) return 'docx';
    if (names.includes('xl/')) return 'xlsx';
    if (names.includes('ppt/')) return 'pptx';
    if (names.includes('OFD.xml')) return 'ofd';
  }
  return null;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

const ACCEPTED: Bilingual = {
  zh: '仅接受 PDF、PNG、JPEG、Word、Excel、PowerPoint 和 OFD 文件',
  en: 'Only PDF, PNG, JPEG, Word, Excel, PowerPoint and OFD files are accepted',
};

/** Decides the type from the content and checks the name agrees; throws a 415 with the reason. */
export function assertAttachmentType(head: Uint8Array, fileName: string): AttachmentType {
  const type = sniffAttachmentType(head);
  const ext = extensionOf(fileName);
  if (type === null) {
    throw new DomainError('unsupported_media_type', ACCEPTED, [
      { path: 'file', message: { zh: `文件内容不是可接受的类型。${ACCEPTED.zh}`, en: ACCEPTED.en } },
    ]);
  }
  const spec = ATTACHMENT_TYPES[type];
  if (!(spec.extensions as readonly string[]).includes(ext)) {
    const message = {
      zh: `文件内容为 ${spec.label}，与文件扩展名“.${ext}”不符`,
      en: `The content is ${spec.label}, which does not match the extension “.${ext}”`,
    };
    throw new DomainError('unsupported_media_type', message, [{ path: 'name', message }]);
  }
  return type;
}

export function tooLarge(maxBytes: number): DomainError {
  const mb = (maxBytes / 1024 / 1024).toFixed(maxBytes % (1024 * 1024) === 0 ? 0 : 1);
  const message = { zh: `附件不能超过 ${mb} MB`, en: `An attachment may not exceed ${mb} MB` };
  return new DomainError('payload_too_large', message, [{ path: 'file', message }]);
}

/** The upload's query: which required document it is and the file's name. */
export const attachmentUploadQuerySchema = z.object({
  document: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]*$/,
      bilingual({ zh: '材料代码须为小写字母、数字和下划线', en: 'A document code is lower-case snake_case' }),
    )
    .max(64)
    .describe('The template’s document code (e.g. integrity_pledge), or `other`'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine(
      // No path separators or control characters (C0 range).
      (n) => !/[\\/]/.test(n) && ![...n].some((c) => c.charCodeAt(0) < 0x20),
      bilingual({
        zh: '文件名不能包含路径或控制字符',
        en: 'The name may not contain paths or control characters',
      }),
    )
    .describe('The file name, with its extension'),
});

export const attachmentViewSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  document: z.string(),
  documentName: z.object({ zh: z.string(), en: z.string() }),
  name: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.uuid(),
  uploadedAt: z.string(),
  uploadedAtLocal: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

export const ETHICS_APPROVAL_DOCUMENT = {
  code: 'ethics_approval',
  name: { zh: '伦理审查批准文件', en: 'Ethics approval' },
} as const;
export const OTHER_DOCUMENT = { code: 'other', name: { zh: '其他材料', en: 'Other document' } } as const;

/** The documents a submission needs: the template's, plus the ethics approval when the work needs one. */
export function requiredDocuments(
  templateDocuments: ReadonlyArray<{ code: string; name: Bilingual }>,
  ethicsReviewRequired: boolean,
): Array<{ code: string; name: Bilingual }> {
  return ethicsReviewRequired ? [...templateDocuments, ETHICS_APPROVAL_DOCUMENT] : [...templateDocuments];
}

export function missingDocuments(
  required: ReadonlyArray<{ code: string; name: Bilingual }>,
  present: ReadonlyArray<string>,
): Array<{ code: string; name: Bilingual }> {
  return required.filter((d) => !present.includes(d.code));
}

export function assertDocumentsPresent(
  required: ReadonlyArray<{ code: string; name: Bilingual }>,
  present: ReadonlyArray<string>,
): void {
  const missing = missingDocuments(required, present);
  if (missing.length === 0) return;
  throw new DomainError(
    'validation_failed',
    {
      zh: `缺少必需的附件：${missing.map((d) => d.name.zh).join('、')}`,
      en: `Required documents are missing: ${missing.map((d) => d.name.en).join(', ')}`,
    },
    missing.map((d) => ({
      path: `attachments.${d.code}`,
      message: { zh: `请上传${d.name.zh}`, en: `Upload the ${d.name.en.toLowerCase()}` },
    })),
  );
}
