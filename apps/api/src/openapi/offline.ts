import 'reflect-metadata';
import { AppModule } from '../app.module';
import { controllersOf, openApiDocumentOf } from './openapi';

/**
 * The API's OpenAPI document built without starting the API (no database, no Temporal): the
 * same controllers and Endpoint specs the running app documents at /openapi.json.
 */
export function offlineOpenApiDocument() {
  return openApiDocumentOf(controllersOf(AppModule));
}
