import type { AttributeValue, GraphSpec, NodeSpec, TensorSpec, ValueSpec, WrittenElemType } from './model-encoder';

export const int = (value: number): AttributeValue => ({ type: 'int', value });
export const ints = (value: readonly number[]): AttributeValue => ({ type: 'ints', value });
export const floats = (value: readonly number[]): AttributeValue => ({ type: 'floats', value });
export const string = (value: string): AttributeValue => ({ type: 'string', value });
export const strings = (value: readonly string[]): AttributeValue => ({ type: 'strings', value });

interface NodeOptions {
  attributes?: Record<string, AttributeValue>;
  domain?: string;
  /** Name of the (first) output; generated when the output is an intermediate value. */
  output?: string;
  extraOutputs?: string[];
}

/** Collects nodes and initializers under unique names, in the order they are added (a valid topological order). */
export class GraphBuilder {
  private readonly nodes: NodeSpec[] = [];
  private readonly initializers: TensorSpec[] = [];
  private readonly usedNames = new Set<string>();
  /** metadata_props the model will carry, beside the graph (e.g. a classifier's class labels). */
  readonly metadata: Record<string, string> = {};

  constructor(
    private readonly name: string,
    reservedNames: readonly string[],
  ) {
    for (const reserved of reservedNames) this.usedNames.add(reserved);
  }

  /** Adds an initializer; returns its name. */
  constant(name: string, dims: number[], values: readonly number[] | readonly string[], elemType: WrittenElemType = 'float'): string {
    const unique = this.uniqueName(name);
    this.initializers.push({ name: unique, elemType, dims, values });
    return unique;
  }

  /** Adds a node; returns the name of its first output. */
  node(opType: string, inputs: string[], options: NodeOptions = {}): string {
    const output = options.output ?? this.uniqueName(opType.toLowerCase());
    this.usedNames.add(output);
    for (const extra of options.extraOutputs ?? []) this.usedNames.add(extra);
    this.nodes.push({
      name: this.uniqueName(`${opType}_node`),
      opType,
      domain: options.domain ?? '',
      inputs,
      outputs: [output, ...(options.extraOutputs ?? [])],
      attributes: options.attributes ?? {},
    });
    return output;
  }

  finish(inputs: ValueSpec[], outputs: ValueSpec[]): GraphSpec {
    return { name: this.name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let n = 1; this.usedNames.has(name); n++) name = `${base}_${n}`;
    this.usedNames.add(name);
    return name;
  }
}
