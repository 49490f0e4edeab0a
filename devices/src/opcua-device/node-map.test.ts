import { describe, expect, it } from 'vitest';
import { opcuaNodeMapSchema } from './opcua-device.contract.ts';

const valid = {
  endpointUrl: 'opc.tcp://127.0.0.1:4840/hall',
  nodes: [
    { nodeId: 'ns=2;s=Counter.In', metric: 'people.in_total' },
    { nodeId: 'ns=2;s=Counter.Out', metric: 'people.out_total' },
    { nodeId: 'ns=3;i=1002', metric: 'env.temperature_c', scale: 0.1 },
  ],
};

describe('OPC UA node map', () => {
  it('parses a map and fills the defaults', () => {
    const map = opcuaNodeMapSchema.parse(valid);
    expect(map.securityMode).toBe('None');
    expect(map.userIdentity).toEqual({ type: 'anonymous' });
    expect(map.freshnessTimeoutMs).toBe(30_000);
    expect(map.nodes[0]).toMatchObject({ samplingIntervalMs: 1_000, scale: 1 });
    expect(map.nodes[2]?.scale).toBe(0.1);
  });

  const bad: Array<[string, unknown, string]> = [
    ['an endpoint that is not opc.tcp', { ...valid, endpointUrl: 'http://x:4840' }, 'endpointUrl'],
    [
      'a malformed node id',
      { ...valid, nodes: [{ nodeId: 'Counter.In', metric: 'people.in_total' }] },
      'nodes.0.nodeId',
    ],
    ['an unknown metric', { ...valid, nodes: [{ nodeId: 'ns=2;s=X', metric: 'people.total' }] }, 'nodes.0.metric'],
    [
      'a metric mapped twice',
      { ...valid, nodes: [...valid.nodes, { nodeId: 'ns=2;s=In2', metric: 'people.in_total' }] },
      'nodes.3.metric',
    ],
    ['no nodes', { ...valid, nodes: [] }, 'nodes'],
    ['signing without a policy', { ...valid, securityMode: 'Sign' }, 'securityPolicy'],
    [
      'a user without a password',
      { ...valid, userIdentity: { type: 'username', userName: 'op' } },
      'userIdentity.password',
    ],
  ];
  for (const [name, input, field] of bad) {
    it(`rejects ${name}, naming ${field}`, () => {
      const result = opcuaNodeMapSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
    });
  }
});
