import { Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDebounced } from '../lib/use-debounced';

/**
 * One item chosen from a list the server searches by name (a new PI, a new host institution): the
 * server is asked once the typing pauses, and the chosen item keeps its label when a later search
 * no longer lists it. A form field (value / onChange / id from Form.Item).
 */
export function SearchSelect({
  id,
  value,
  onChange,
  queryKey,
  search,
  placeholder,
}: {
  id?: string;
  value?: string | null;
  onChange?: (v: string | null) => void;
  queryKey: unknown[];
  search: (q: string) => Promise<Array<{ value: string; label: string }>>;
  placeholder?: string;
}) {
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim());
  const found = useQuery({
    queryKey: [...queryKey, q],
    queryFn: () => search(q),
    placeholderData: keepPreviousData,
  });
  const [label, setLabel] = useState<Record<string, string>>({});
  const listed = found.data ?? [];
  const options =
    value && !listed.some((o) => o.value === value)
      ? [{ value, label: label[value] ?? value }, ...listed]
      : listed;
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setTyped }}
      value={value ?? null}
      onChange={(v: string | undefined) => {
        const chosen = options.find((o) => o.value === v);
        if (chosen) setLabel((l) => ({ ...l, [chosen.value]: chosen.label }));
        onChange?.(v ?? null);
      }}
      loading={found.isFetching}
      placeholder={placeholder}
      options={options}
      style={{ width: '100%', maxWidth: 480 }}
    />
  );
}
