/**
 * OPC UA device: hall equipment or a third-party controller (a people counter, an environment sensor, a
 * queue controller) that the hub reads as an OPC UA client. It publishes nothing over MQTT; the hub writes
 * its `avail` from the session's health and feeds its values into hub metrics through a node map.
 */
import { z } from 'zod';
import { defineDeviceKind } from '../kind.ts';

export const opcuaDevice = defineDeviceKind({
  kind: 'opcua-device',
  label: { 'zh-CN': 'OPC UA 设备', en: 'OPC UA device' },
  transports: ['opcua'],
  heartbeatTimeoutMs: 60_000,
  events: {},
  commands: {},
  state: {},
});

/** The hub metrics an OPC UA variable can feed. */
export const opcuaMetricSchema = z.enum([
  'people.in_total',
  'people.out_total',
  'people.occupancy',
  'env.temperature_c',
  'env.humidity_pct',
  'env.co2_ppm',
  'queue.waiting',
]);
export type OpcuaMetric = z.infer<typeof opcuaMetricSchema>;

/** `ns=2;s=Counter.In`, `ns=3;i=1002`, `ns=1;g=…`, `ns=1;b=…` (OPC UA Part 6, 5.3.1.10). */
const nodeIdSchema = z
  .string()
  .max(200)
  .regex(/^(ns=\d{1,5};)?[isgb]=.+$/, { error: "nodeId must look like 'ns=2;s=Counter.In' or 'ns=3;i=1002'" });

export const opcuaNodeMapSchema = z
  .object({
    endpointUrl: z
      .string()
      .max(200)
      .regex(/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/.*)?$/, { error: "endpointUrl must start with 'opc.tcp://'" }),
    securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
    securityPolicy: z.enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss']).default('None'),
    userIdentity: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('anonymous') }),
        z.object({
          type: z.literal('username'),
          userName: z.string().min(1).max(64),
          password: z.string().min(1).max(256),
        }),
      ])
      .default({ type: 'anonymous' }),
    publishingIntervalMs: z.int().min(100).max(60_000).default(1_000),
    /** No value change for this long marks the device offline, even while the session looks alive. */
    freshnessTimeoutMs: z.int().min(1_000).max(3_600_000).default(30_000),
    nodes: z
      .array(
        z.object({
          nodeId: nodeIdSchema,
          metric: opcuaMetricSchema,
          samplingIntervalMs: z.int().min(0).max(60_000).default(1_000),
          /** Multiplies the raw value, e.g. 0.1 for a sensor that reports tenths of a degree. */
          scale: z.number().positive().default(1),
        }),
      )
      .min(1)
      .max(200),
  })
  .superRefine((map, ctx) => {
    const seen = new Set<string>();
    map.nodes.forEach((node, i) => {
      if (seen.has(node.metric))
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'metric'],
          message: `metric ${node.metric} is mapped twice`,
        });
      seen.add(node.metric);
    });
    if (map.securityMode !== 'None' && map.securityPolicy === 'None') {
      ctx.addIssue({
        code: 'custom',
        path: ['securityPolicy'],
        message: `securityMode ${map.securityMode} needs a securityPolicy`,
      });
    }
  });
export type OpcuaNodeMap = z.infer<typeof opcuaNodeMapSchema>;
