import { Typography } from 'antd';
import { Link } from 'react-router';
import { fetchChallenges, type PublicChallenge } from '../../api/hooks/public';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';

/** The published challenge list (揭榜挂帅榜单), newest guide first. */
export function ChallengesPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('menu.challenges')}
      </Typography.Title>
      <CursorTable<PublicChallenge>
        queryKey={['public', 'challenges']}
        fetchPage={fetchChallenges}
        rowKey={(c) => `${c.guideId}:${c.id}`}
        columns={[
          {
            title: t('guide.topicTitle'),
            render: (_, c) => (
              <>
                {c.title}{' '}
                <StatusTag tone={c.kind === 'challenge' ? 'todo' : 'info'}>
                  {t(`topicKind.${c.kind}`)}
                </StatusTag>
              </>
            ),
          },
          { title: t('guide.keyField'), dataIndex: 'keyField' },
          { title: t('guide.problem'), dataIndex: 'problem' },
          {
            title: t('challenge.guide'),
            render: (_, c) => <Link to={`/public/guides/${c.guideId}`}>{c.guideTitle}</Link>,
          },
          { title: t('challenge.deadline'), dataIndex: 'windowEndLocal' },
        ]}
      />
    </>
  );
}
