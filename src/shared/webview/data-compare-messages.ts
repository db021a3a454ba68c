/** The dataset-versions panel's protocol, validated on receipt. */
import type { VersionComparison } from '../data-compare';
import { isObject } from './message-guards';

export type DataCompareToWebview = { type: 'data'; comparison: VersionComparison } | { type: 'loading'; label: string } | { type: 'error'; message: string };
export type DataCompareFromWebview = { type: 'ready' } | { type: 'swap' };

export function parseDataCompareFromWebview(message: unknown): DataCompareFromWebview | undefined {
  if (!isObject(message)) return undefined;
  return message.type === 'ready' || message.type === 'swap' ? { type: message.type } : undefined;
}

export function parseDataCompareToWebview(message: unknown): DataCompareToWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'data':
      return isObject(message.comparison) && typeof message.comparison.path === 'string' && isObject(message.comparison.from) && isObject(message.comparison.to)
        ? { type: 'data', comparison: message.comparison as unknown as VersionComparison }
        : undefined;
    case 'loading':
      return typeof message.label === 'string' ? { type: 'loading', label: message.label } : undefined;
    case 'error':
      return typeof message.message === 'string' ? { type: 'error', message: message.message } : undefined;
    default:
      return undefined;
  }
}
