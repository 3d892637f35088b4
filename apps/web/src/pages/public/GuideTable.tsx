import { Tag } from 'antd';
import { Link } from 'react-router';
import { fetchGuides, type PublicGuide } from '../../api/hooks/public';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { fenToYuan } from '../../lib/money';

/** Published guides, a page at a time from the server; `filter` narrows each page (open calls). */
export function GuideTable({
  queryKey,
  filter,
}: {
  queryKey: unknown[];
  filter?: (g: PublicGuide) => boolean;
}) {
  const { t, bi } = useI18n();
  return (
    <CursorTable<PublicGuide>
      queryKey={queryKey}
      fetchPage={fetchGuides}
      filter={filter}
      rowKey="id"
      columns={[
        {
          title: t('guide.title'),
          render: (_, g) => <Link to={`/public/guides/${g.id}`}>{g.content.title}</Link>,
        },
        { title: t('guide.program'), render: (_, g) => bi(g.program.name) },
        { title: t('guide.mode'), render: (_, g) => t(`mode.${g.mode}`) },
        { title: t('guide.version'), render: (_, g) => <Tag>v{g.version}</Tag> },
        { title: t('guide.window'), render: (_, g) => `${g.windowStartLocal} – ${g.windowEndLocal}` },
        { title: t('guide.budgetCap'), render: (_, g) => fenToYuan(g.content.budgetCapFen) },
        { title: t('guide.status'), render: (_, g) => bi(g.statusLabel) },
      ]}
    />
  );
}
