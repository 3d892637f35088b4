import { dayjs } from '../../lib/time';
import { toPanelBody, type PanelFormValues } from './panel-form';

const members: PanelFormValues['members'] = [
  { name: ' 张三 ', role: '组长', vote: 'fund' },
  { name: '李四', role: '财务专家', vote: 'not_fund' },
  { name: '王五', vote: 'fund' },
];

describe('the panel form’s values', () => {
  it('sends an agreed score with the members, the time read as Beijing time and the minutes', () => {
    const body = toPanelBody({
      mode: 'consensus',
      heldAt: dayjs('2027-05-10 14:30:00'),
      members,
      consensusScore: 82.5,
      minutes: ' 经充分讨论，专家组一致同意给出合议评分。 ',
    });
    expect(body).toEqual({
      mode: 'consensus',
      heldAt: '2027-05-10T06:30:00.000Z',
      members: [
        { name: '张三', role: '组长' },
        { name: '李四', role: '财务专家' },
        { name: '王五', role: '' },
      ],
      consensusScore: 82.5,
      minutes: '经充分讨论，专家组一致同意给出合议评分。',
    });
  });

  it('sends each member’s vote under their name, and leaves out a vote not marked for the API to name', () => {
    const body = toPanelBody({
      mode: 'vote',
      heldAt: dayjs('2027-05-10 09:00:00'),
      members: [...members.slice(0, 2), { name: '王五' }],
      consensusScore: 70,
      minutes: '会议表决，记录如下。',
    });
    expect(body.votes).toEqual([
      { memberId: '张三', vote: 'fund' },
      { memberId: '李四', vote: 'not_fund' },
    ]);
    expect(body).not.toHaveProperty('consensusScore');
  });

  it('leaves an empty score or time for the API to refuse on its field', () => {
    const body = toPanelBody({ mode: 'consensus', heldAt: null, members: [{}, {}, {}] });
    expect(body.heldAt).toBe('');
    expect(body).not.toHaveProperty('consensusScore');
    expect(body.members).toEqual([
      { name: '', role: '' },
      { name: '', role: '' },
      { name: '', role: '' },
    ]);
  });
});
