import { randomBytes, randomInt } from 'node:crypto';

const ADJECTIVES = ['able', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'eager', 'fair', 'gentle', 'glad', 'grand', 'keen', 'kind', 'lively', 'lucid', 'merry', 'nimble', 'proud', 'quick', 'quiet', 'rare', 'sharp', 'shy', 'smart', 'steady', 'sunny', 'swift', 'tidy', 'vivid', 'warm', 'wise'];
const NOUNS = ['ant', 'bat', 'bear', 'bee', 'cat', 'crane', 'deer', 'dove', 'eel', 'elk', 'finch', 'fox', 'frog', 'gull', 'hare', 'hawk', 'heron', 'ibis', 'lark', 'lynx', 'mole', 'moth', 'newt', 'owl', 'panda', 'quail', 'robin', 'seal', 'slug', 'swan', 'trout', 'wolf', 'wren', 'yak'];

/** 32 hex characters, as MLflow's run ids. */
export function newRunId(): string {
  return randomBytes(16).toString('hex');
}

/** A readable default run name such as `bright-owl-417`, as MLflow gives runs without one. */
export function randomRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
}
