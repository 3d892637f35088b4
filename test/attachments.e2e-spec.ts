import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import {
  apiUrl,
  as,
  attachRequired,
  closeDb,
  completeDraft,
  count,
  createCall,
  Client,
  PI_ID_NUMBER,
  SIGN,
  TINY_PDF,
  upload,
} from './support/api';
import { publishedCall } from './support/flows';

const MB = 1024 * 1024;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/** The API process's resident memory, from /proc (Linux), in bytes. */
function apiRss(): number {
  const status = fs.readFileSync(`/proc/${process.env.KJ_TEST_API_PID}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** A PDF of `size` bytes produced chunk by chunk, never whole in the test's memory either. */
function pdfStream(size: number, hash: ReturnType<typeof createHash>): ReadableStream<Uint8Array> {
  const chunk = Buffer.alloc(MB, 0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const head = sent === 0 ? Buffer.concat([Buffer.from('%PDF-1.7\n'), chunk]) : chunk;
      const part = head.subarray(0, Math.min(head.length, size - sent));
      hash.update(part);
      sent += part.length;
      controller.enqueue(part);
    },
  });
}

async function download(client: Client, appId: string, attId: string) {
  const res = await fetch(`${apiUrl()}/applications/${appId}/attachments/${attId}`, {
    headers: { authorization: `Bearer ${client.token}` },
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * Attachments: streamed to content-addressed storage with their sha256, typed from their content,
 * limited in size by the program, readable by whoever may read the application; required
 * documents are checked at submission. Also the PI's masked identity number and the pledges.
 */
describe('attachments (附件)', () => {
  let officer: Client;
  let admin: Client;
  let applicant: Client; // 百色学院
  let applicant2: Client; // 右江民族医学院
  let instAdmin: Client; // 百色学院科研处
  let expert: Client;
  let auditor: Client;

  beforeAll(async () => {
    [officer, admin, applicant, applicant2, instAdmin, expert, auditor] = await Promise.all(
      ['officer', 'admin', 'applicant', 'applicant2', 'inst-admin', 'expert', 'auditor'].map(as),
    );
  });
  afterAll(closeDb);

  it('stores a PDF with its sha256 and serves it only to those who may read the application', async () => {
    const call = await createCall(officer);
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    const id = app.body.id;
    const res = await upload(applicant, id, 'other', '实验方案（附图）.pdf', TINY_PDF, 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      document: 'other',
      documentName: { zh: '其他材料' },
      name: '实验方案（附图）.pdf',
      mediaType: 'application/pdf',
      sizeBytes: TINY_PDF.length,
      sha256: createHash('sha256').update(TINY_PDF).digest('hex'),
    });

    for (const reader of [applicant, instAdmin, officer, auditor]) {
      const got = await download(reader, id, res.body.id);
      expect(got.status).toBe(200);
      expect(got.body.equals(TINY_PDF)).toBe(true);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(decodeURIComponent(got.headers.get('content-disposition')!)).toContain('实验方案（附图）.pdf');
    }
    // Another applicant, an expert not assigned, another institution's admin: as if it did not exist.
    for (const outsider of [applicant2, expert]) {
      expect((await download(outsider, id, res.body.id)).status).toBe(404);
      expect((await outsider.get(`/applications/${id}/attachments`)).status).toBe(404);
    }
    const other = await applicant2.post('/applications', { callId: call.id, ...completeDraft });
    const theirs = await upload(applicant2, other.body.id, 'other', 'a.pdf', TINY_PDF);
    expect((await download(instAdmin, other.body.id, theirs.body.id)).status).toBe(404);
    // Only the applicant uploads, and only to their own application.
    expect((await upload(applicant2, id, 'other', 'x.pdf', TINY_PDF)).status).toBe(404);
    expect((await upload(instAdmin, id, 'other', 'x.pdf', TINY_PDF)).status).toBe(403);
    expect((await upload(officer, id, 'other', 'x.pdf', TINY_PDF)).status).toBe(403);
  });

  it('decides the type from the content: a renamed PNG or an executable is refused and nothing is kept', async () => {
    const call = await createCall(officer);
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    const id = app.body.id;
    const kept = () => count('SELECT 1 FROM attachments WHERE application_id = $1', [id]);
    const before = await kept();
    const spoofed = await upload(applicant, id, 'other', '承诺书.pdf', PNG, 'application/pdf');
    expect(spoofed.status).toBe(415);
    expect(spoofed.body.error.fields).toEqual([
      {
        path: 'name',
        message: {
          zh: '文件内容为 PNG，与文件扩展名“.pdf”不符',
          en: 'The content is PNG, which does not match the extension “.pdf”',
        },
      },
    ]);
    const exe = await upload(applicant, id, 'other', 'report.pdf', Buffer.from('MZ\x90\x00binary'));
    expect(exe.status).toBe(415);
    expect(exe.body.error.fields[0].path).toBe('file');
    expect(exe.body.error.message.zh).toContain('仅接受');
    // A PNG named .png is fine.
    expect((await upload(applicant, id, 'other', 'figure.png', PNG, 'image/png')).status).toBe(201);

    // Bad parameters name their fields.
    const bad = await upload(applicant, id, 'Bad Code', '', TINY_PDF);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['document', 'name']);
    const unknown = await upload(applicant, id, 'tax_return', 'a.pdf', TINY_PDF);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('document');
    const json = await applicant.post(`/applications/${id}/attachments?document=other&name=a.pdf`, {
      a: 1,
    });
    expect(json.status).toBe(415);
    expect(await kept()).toBe(before + 1);
  });

  it('streams a 50 MB file to storage with the API’s memory staying flat', async () => {
    const call = await createCall(officer);
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    // A first upload settles the allocator's pools; the second shows what one more file costs.
    const warmUp = await upload(
      applicant,
      app.body.id,
      'other',
      '预热.pdf',
      pdfStream(10 * MB, createHash('sha256')),
    );
    expect(warmUp.status).toBe(201);
    // Peak RSS over one 50 MB upload, above the RSS before it.
    const growth = async () => {
      const baseline = apiRss();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, apiRss())), 10);
      const hash = createHash('sha256');
      const res = await upload(applicant, app.body.id, 'other', '数据集.pdf', pdfStream(50 * MB, hash));
      clearInterval(sampler);
      expect(res.status).toBe(201);
      expect(res.body.sizeBytes).toBe(50 * MB);
      expect(res.body.sha256).toBe(hash.digest('hex'));
      return { res, growth: peak - baseline };
    };
    // Held whole, the body alone would add 50 MB (and a concatenated copy 50 MB more). Streamed,
    // only read chunks awaiting garbage collection add up, bounded by V8's collection threshold.
    // The API is shared with the test files running beside this one, whose requests add to its
    // RSS now and then: a second upload settles a high first reading (a held body fails both).
    let measured = await growth();
    if (measured.growth >= 40 * MB) measured = await growth();
    expect(measured.growth).toBeLessThan(40 * MB);
    const { res } = measured;
    const got = await download(applicant, app.body.id, res.body.id);
    expect(got.body.length).toBe(50 * MB);
    expect(createHash('sha256').update(got.body).digest('hex')).toBe(res.body.sha256);
  });

  it('applies the template’s size limit and required documents, and removes only while editable', async () => {
    // The key R&D program: 20 MB per file; application form, pledge and budget statement required.
    const { callId, topicId } = await publishedCall(officer, admin, applicant, 'key-rd', {
      startsInMs: -1_000,
      endsInMs: 600_000,
    });
    const app = await applicant.post('/applications', {
      callId,
      topicId,
      ...completeDraft,
      ethicsReviewRequired: true,
    });
    const id = app.body.id;
    const hash = createHash('sha256');
    const atLimit = await upload(applicant, id, 'application_form', '申报书.pdf', pdfStream(20 * MB, hash));
    expect(atLimit.status).toBe(201);
    const before = await count('SELECT 1 FROM attachments WHERE application_id = $1', [id]);
    const over = await upload(applicant, id, 'application_form', '申报书.pdf', pdfStream(20 * MB + 1, hash));
    expect(over.status).toBe(413);
    expect(over.body.error.message).toEqual({
      zh: '附件不能超过 20 MB',
      en: 'An attachment may not exceed 20 MB',
    });
    expect(await count('SELECT 1 FROM attachments WHERE application_id = $1', [id])).toBe(before);

    // Submission names every missing document (the ethics approval too, as the work needs one).
    const missing = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'attachments.integrity_pledge',
      'attachments.budget_statement',
      'attachments.ethics_approval',
    ]);
    expect(missing.body.error.fields[0].message.zh).toBe('请上传科研诚信承诺书');
    expect((await applicant.get(`/applications/${id}`)).body.status).toBe('draft');
    const list = await applicant.get(`/applications/${id}/attachments`);
    expect(list.body.required.map((d: { code: string; present: boolean }) => [d.code, d.present])).toEqual([
      ['application_form', true],
      ['integrity_pledge', false],
      ['budget_statement', false],
      ['ethics_approval', false],
    ]);

    // A wrong file is removed while the draft is editable.
    const wrong = await upload(applicant, id, 'budget_statement', '旧预算.pdf', TINY_PDF);
    expect((await applicant.del(`/applications/${id}/attachments/${wrong.body.id}`)).status).toBe(204);
    expect((await download(officer, id, wrong.body.id)).status).toBe(404);
    await attachRequired(applicant, id);
    const sent = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('awaiting_endorsement');
    const kept = (await applicant.get(`/applications/${id}/attachments`)).body.items;
    expect(kept).toHaveLength(4);
    // Once with the institution, the files are frozen.
    expect((await applicant.del(`/applications/${id}/attachments/${kept[0].id}`)).status).toBe(409);
    expect((await upload(applicant, id, 'other', 'late.pdf', TINY_PDF)).status).toBe(409);
  });

  it('masks the PI’s identity number for everyone but the PI and records both pledges', async () => {
    const call = await createCall(officer);
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    const id = app.body.id;
    expect(app.body.content.pi.idNumber).toBe(PI_ID_NUMBER);
    for (const reader of [instAdmin, officer, auditor]) {
      expect((await reader.get(`/applications/${id}`)).body.content.pi.idNumber).toBe('1101**********002X');
    }
    // A list shows no content at all (its title and funding only), so no identity number either.
    const [listed] = (await officer.get(`/calls/${call.id}/applications`)).body.items;
    expect(listed).toMatchObject({
      id,
      title: completeDraft.title,
      requestedFen: completeDraft.requestedFen,
    });
    expect(JSON.stringify(listed)).not.toContain(PI_ID_NUMBER.slice(4, 14));

    // Submitting without the pledge is refused, naming it; nothing is written.
    const events = await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [id]);
    const unsigned = await applicant.post(`/applications/${id}/submit`);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['integrityPledge']);
    expect(await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [id])).toBe(events);

    const signed = await applicant.post(`/applications/${id}/integrity-pledge`);
    expect(signed.status).toBe(200);
    expect(signed.body.pi.signedBy).toBe(applicant.user.id);
    expect(signed.body.institution).toBeNull();
    expect((await applicant2.post(`/applications/${id}/integrity-pledge`)).status).toBe(404);
    expect((await expert.post(`/applications/${id}/integrity-pledge`)).status).toBe(403);
    const both = await instAdmin.post(`/applications/${id}/integrity-pledge`);
    expect(both.body.institution.signedBy).toBe(instAdmin.user.id);
    // Signing again changes nothing.
    const again = await applicant.post(`/applications/${id}/integrity-pledge`);
    expect(again.body.pi.signedAt).toBe(signed.body.pi.signedAt);

    const submitted = await applicant.post(`/applications/${id}/submit`);
    expect(submitted.status).toBe(200);
    expect(
      submitted.body.checklist.find((i: { rule: string }) => i.rule === 'integrity_pledge'),
    ).toMatchObject({
      outcome: 'pass',
    });
    // Submitted versions are masked for officers too.
    const versions = await officer.get(`/applications/${id}/versions`);
    expect(versions.body.items[0].content.pi.idNumber).toBe('1101**********002X');
  });
});
