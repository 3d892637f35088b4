import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { useReference } from '../api/hooks/reference';
import { useI18n } from '../i18n';
import { BUDGET_CATEGORIES, budgetTotals, type BudgetForm } from '../lib/budget';
import { fenToYuan } from '../lib/money';

/**
 * The budget in the three categories 设备费 / 业务费 / 劳务费 (line items in yuan), indirect costs,
 * and the sources, with live totals and the indirect-cost cap as the applicant types.
 */
export function BudgetTable({ form }: { form: FormInstance }) {
  const { t } = useI18n();
  const budget = Form.useWatch('budget', form) as BudgetForm | undefined;
  const requested = Form.useWatch('requestedFen', form) as number | undefined;
  const tiers = useReference().data?.indirectTiers;
  const totals = budgetTotals(budget, requested, tiers);
  const categoryTotal = {
    equipment: totals.equipmentFen,
    business: totals.businessFen,
    labour: totals.labourFen,
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {BUDGET_CATEGORIES.map((cat) => (
        <Card
          key={cat}
          size="small"
          title={t(`budget.${cat}`)}
          extra={
            <Typography.Text strong data-testid={`budget-total-${cat}`}>
              {t('budget.subtotal')} {fenToYuan(categoryTotal[cat])}
            </Typography.Text>
          }
        >
          <Form.List name={['budget', cat]}>
            {(fields, { add, remove }) => (
              <>
                <Table
                  size="small"
                  pagination={false}
                  dataSource={fields}
                  rowKey="key"
                  locale={{ emptyText: t('budget.noLines') }}
                  columns={[
                    {
                      title: t('budget.item'),
                      render: (_, f, i) => (
                        <Form.Item
                          name={[f.name, 'item']}
                          noStyle={false}
                          style={{ margin: 0 }}
                          rules={[{ required: true, message: t('form.required') }]}
                        >
                          <Input aria-label={`${t(`budget.${cat}`)} ${i + 1} ${t('budget.item')}`} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('budget.amountYuan'),
                      width: 200,
                      render: (_, f, i) => (
                        <Form.Item
                          name={[f.name, 'amountFen']}
                          style={{ margin: 0 }}
                          rules={[{ required: true, message: t('form.required') }]}
                        >
                          <InputNumber
                            aria-label={`${t(`budget.${cat}`)} ${i + 1} ${t('budget.amountYuan')}`}
                            min={0}
                            precision={2}
                            style={{ width: '100%' }}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('budget.note'),
                      render: (_, f, i) => (
                        <Form.Item name={[f.name, 'note']} style={{ margin: 0 }}>
                          <Input aria-label={`${t(`budget.${cat}`)} ${i + 1} ${t('budget.note')}`} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: '',
                      width: 80,
                      render: (_, f) => (
                        <Button type="link" danger onClick={() => remove(f.name)}>
                          {t('common.remove')}
                        </Button>
                      ),
                    },
                  ]}
                />
                <Button style={{ marginTop: 8 }} onClick={() => add({ item: '', amountFen: null })}>
                  {t('budget.addLine', { category: t(`budget.${cat}`) })}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
      ))}
      <Row gutter={16}>
        {(['indirectFen', 'selfFundingFen', 'coFundingFen'] as const).map((name) => (
          <Col key={name} xs={24} md={8}>
            <Form.Item name={['budget', name]} label={t(`budget.${name}`)}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Row gutter={16} aria-live="polite">
        <Col xs={12} md={6}>
          <Statistic title={t('budget.direct')} value={fenToYuan(totals.directFen)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('budget.indirectCap')}
            value={totals.capFen === null ? '—' : fenToYuan(totals.capFen)}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('budget.total')}
            value={fenToYuan(totals.totalFen)}
            data-testid="budget-total"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('budget.sources')} value={fenToYuan(totals.sourcesFen)} />
        </Col>
      </Row>
      {totals.capFen !== null && totals.indirectFen > totals.capFen && (
        <Alert type="warning" showIcon title={t('budget.overCap', { cap: fenToYuan(totals.capFen) })} />
      )}
      {totals.totalFen > 0 && totals.sourcesFen !== totals.totalFen && (
        <Alert
          type="warning"
          showIcon
          title={t('budget.unbalanced', {
            total: fenToYuan(totals.totalFen),
            sources: fenToYuan(totals.sourcesFen),
          })}
        />
      )}
    </Space>
  );
}
