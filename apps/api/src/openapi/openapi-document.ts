import { Injectable } from '@nestjs/common';

/** Holds the document built at bootstrap (routes must be registered before it can be built). */
@Injectable()
export class OpenApiDocument {
  document: unknown = null;
}
