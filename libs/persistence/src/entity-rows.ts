import type { DataSource, EntityManager, EntityMetadata } from 'typeorm';

type Row = Record<string, unknown>;

const mappers = new WeakMap<EntityMetadata, (row: Row) => object>();

/**
 * A row read with plain SQL (`SELECT t.* …`) as the entity TypeORM's own reads return: each column
 * under its property name, its value hydrated by the driver as TypeORM hydrates it (transformers
 * included). For the reads on a hot command path, where building the query with TypeORM's query
 * builder cost more of the API's CPU than sending it (bench/README, the review's CPU profiles).
 * The mapping is made once per entity, from its metadata.
 */
export function entityOf<T extends object>(db: DataSource | EntityManager, target: new () => T, row: Row): T {
  const ds = 'dataSource' in db ? db.dataSource : db;
  const metadata = ds.getMetadata(target);
  let map = mappers.get(metadata);
  if (!map) {
    const driver = ds.driver;
    const columns = metadata.columns.map((c) => ({
      column: c,
      name: c.databaseName,
      property: c.propertyName,
    }));
    map = (r: Row) => {
      const entity = metadata.create() as Row;
      for (const { column, name, property } of columns)
        if (r[name] !== undefined) entity[property] = driver.prepareHydratedValue(r[name], column);
      return entity;
    };
    mappers.set(metadata, map);
  }
  return map(row) as T;
}
