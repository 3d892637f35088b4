import { compileErrors, validate } from '@readme/openapi-parser';
import { offlineOpenApiDocument } from './offline';

// The document as /openapi.json serves it, built without a server (same controllers, same specs).
describe('the OpenAPI document', () => {
  const doc = offlineOpenApiDocument();

  it('is a valid OpenAPI 3.1 document (checked by an external validator)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // The validator dereferences in place: give it a copy.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(result.warnings).toEqual([]);
  });

  it('and the validator does refuse a broken one (a path parameter the path does not have)', async () => {
    const broken = structuredClone(doc) as any;
    broken.paths['/health'].get.parameters = [
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ];
    expect((await validate(broken)).valid).toBe(false);
  });

  it('is built from every controller of the app', () => {
    const paths = Object.keys(doc.paths ?? {});
    expect(paths).toEqual(expect.arrayContaining(['/health', '/openapi.json', '/auth/login', '/events']));
    expect(paths.length).toBeGreaterThan(50);
  });
});
