import { Alert, Button, Space, Table, type TableProps } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { errorText } from '../lib/form-errors';

interface Props<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'> {
  /** Cache key of the list; the cursor is appended. */
  queryKey: unknown[];
  fetchPage: (next?: string) => Promise<{ items: T[]; next: string | null }>;
  /** Keep only some rows of each page (a view of a server list, e.g. the open calls). */
  filter?: (row: T) => boolean;
}

/**
 * A list paged on the server: the API's keyset cursor (`next`) drives "next page"; the cursors
 * seen are kept so "previous page" goes back without a new query shape.
 */
export function CursorTable<T extends object>({ queryKey, fetchPage, filter, ...table }: Props<T>) {
  const { t, lang } = useI18n();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: [...queryKey, cursor ?? ''],
    queryFn: () => fetchPage(cursor),
    placeholderData: keepPreviousData,
  });
  if (query.error) return <Alert type="error" showIcon title={errorText(query.error, lang)} />;
  const rows = query.data?.items ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table<T>
        {...table}
        loading={query.isFetching}
        dataSource={filter ? rows.filter(filter) : rows}
        pagination={false}
      />
      <Space>
        <Button disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('list.previous')}
        </Button>
        <Button
          disabled={!query.data?.next}
          onClick={() => query.data?.next && setCursors((c) => [...c, query.data!.next!])}
        >
          {t('list.next')}
        </Button>
      </Space>
    </Space>
  );
}
