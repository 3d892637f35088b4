import { Controller, Get } from '@nestjs/common';
import { z } from 'zod';
import { Endpoint } from '../common/endpoint.decorator';
import { OpenApiDocument } from './openapi-document';

@Controller()
export class OpenApiController {
  constructor(private readonly doc: OpenApiDocument) {}

  @Get('openapi.json')
  @Endpoint({
    summary: 'OpenAPI 3.1 document',
    tags: ['meta'],
    public: true,
    response: z.looseObject({
      openapi: z.string(),
      info: z.object({ title: z.string(), version: z.string() }),
    }),
  })
  get() {
    return this.doc.document;
  }
}
