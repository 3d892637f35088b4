import 'reflect-metadata';
import { Controller, forwardRef, Get, Module, Post } from '@nestjs/common';
import { Endpoint, EndpointSpec } from '../common/endpoint.decorator';
import { controllersOf, errorResponses } from './openapi';

@Controller('a')
class AController {
  @Get()
  @Endpoint({ summary: 'a' })
  list() {
    return [];
  }
}
@Controller('b')
class BController {
  @Post()
  @Endpoint({ summary: 'b', command: true })
  make() {
    return {};
  }
}
@Module({ controllers: [BController] })
class BModule {}
@Module({})
class DynamicHost {}
@Module({
  imports: [forwardRef(() => BModule), { module: DynamicHost, controllers: [BController, AController] }],
  controllers: [AController],
})
class RootModule {}

describe('controllersOf', () => {
  it('finds each controller once, through imports, forward references and dynamic modules', () => {
    expect(controllersOf(RootModule)).toEqual([AController, BController]);
  });
});

describe('errorResponses: the refusals a route documents follow from its spec', () => {
  const statuses = (spec: Partial<EndpointSpec>, method = 'get') =>
    Object.keys(errorResponses({ summary: 's', ...spec }, method));

  it('a public read: only 400', () => {
    expect(statuses({ public: true })).toEqual(['400']);
  });

  it('a read of a record by a restricted role: 400, 401, 403, 404', () => {
    expect(statuses({ roles: ['officer'], params: {} as never })).toEqual(['400', '401', '403', '404']);
  });

  it('a command: the state, rule and worker refusals, and those of a body', () => {
    expect(statuses({ command: true }, 'post')).toEqual(['400', '401', '409', '413', '415', '422', '503']);
  });

  it("a route's own refusals are added (the public login's 401)", () => {
    expect(statuses({ public: true, errors: { 401: 'Wrong password' } }, 'post')).toEqual([
      '400',
      '401',
      '413',
      '415',
    ]);
  });
});
