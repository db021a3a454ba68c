import { invalid } from '../../errors';
import { addArgMaxLabel } from './classifier-head';
import type { AttributeValue, ValueSpec } from './model-encoder';
import { GraphBuilder, floats, int, ints, string, strings } from './graph-builder';
import type { FeatureOptions } from './model-frame';
import { BATCH_DIM, INPUT_NAME, ML_DOMAIN, OUTPUT, modelBytes } from './model-frame';
import { checkNumber, checkVector, classLabelsFor } from './weights';
import type { ClassLabels } from './weights';

/** A split sends a row left when input[feature] <= threshold (scikit-learn's rule), else right. */
export interface TreeSplit {
  feature: number;
  threshold: number;
  left: TreeNode;
  right: TreeNode;
}

/** One value per regression target, or one score per class. */
export interface TreeLeaf {
  leaf: number[];
}

export type TreeNode = TreeSplit | TreeLeaf;

interface TreeEnsembleCommon extends FeatureOptions {
  trees: TreeNode[];
  /** Width of the input; defaults to featureNames.length. */
  featureCount?: number;
}

export interface TreeEnsembleRegressorSpec extends TreeEnsembleCommon {
  task: 'regression';
  /** How the trees' leaf values combine; default sum (gradient boosting), average is a random forest. */
  aggregate?: 'sum' | 'average';
  /** Added per target after aggregating (a boosting model's initial prediction). */
  baseValues?: number[];
}

export interface TreeEnsembleClassifierSpec extends TreeEnsembleCommon {
  task: 'classification';
  /** Labels (int64s or strings) in score order; default 0..C-1. */
  classes?: ClassLabels;
  /** Scores are summed over the trees, then optionally softmaxed (gradient boosting's raw scores); default none. */
  postTransform?: 'none' | 'softmax';
}

export type TreeEnsembleSpec = TreeEnsembleRegressorSpec | TreeEnsembleClassifierSpec;

/**
 * ai.onnx.ml TreeEnsembleRegressor → "variable" float [N, targets], or TreeEnsembleClassifier →
 * "probabilities" float [N, C] (the summed leaf scores, plain tensors, no ZipMap) and "label" int64 [N].
 */
export function treeEnsembleModel(model: TreeEnsembleSpec): Uint8Array {
  if (model.task !== 'regression' && model.task !== 'classification') throw invalid(`task must be 'regression' or 'classification', not ${JSON.stringify((model as { task: unknown }).task)}`);
  const featureCount = model.featureCount ?? model.featureNames?.length;
  if (featureCount === undefined || !Number.isSafeInteger(featureCount) || featureCount < 1) throw invalid('featureCount (or featureNames) must give the number of input features');
  if (!Array.isArray(model.trees) || model.trees.length === 0) throw invalid('trees must be a non-empty array');
  const flat = flattenTrees(model.trees, featureCount);
  const graph = new GraphBuilder('tree_ensemble', [INPUT_NAME]);
  const outputs = model.task === 'regression' ? addRegressor(graph, flat, model) : addClassifier(graph, flat, model);
  return modelBytes(graph, { featureCount, featureNames: model.featureNames, outputs, usesMlDomain: true });
}

function addRegressor(graph: GraphBuilder, flat: FlatTrees, model: TreeEnsembleRegressorSpec): ValueSpec[] {
  const aggregate = model.aggregate ?? 'sum';
  if (aggregate !== 'sum' && aggregate !== 'average') throw invalid(`aggregate must be 'sum' or 'average', not ${JSON.stringify(aggregate)}`);
  if (model.baseValues !== undefined) checkVector(model.baseValues, 'baseValues', flat.leafWidth);
  graph.node('TreeEnsembleRegressor', [INPUT_NAME], {
    domain: ML_DOMAIN,
    output: OUTPUT.value,
    attributes: {
      ...nodeAttributes(flat),
      aggregate_function: string(aggregate.toUpperCase()),
      ...(model.baseValues && { base_values: floats(model.baseValues) }),
      n_targets: int(flat.leafWidth),
      post_transform: string('NONE'),
      target_ids: ints(flat.leafTargets),
      target_nodeids: ints(flat.leafNodeIds),
      target_treeids: ints(flat.leafTreeIds),
      target_weights: floats(flat.leafWeights),
    },
  });
  return [{ name: OUTPUT.value, elemType: 'float', shape: [BATCH_DIM, flat.leafWidth] }];
}

function addClassifier(graph: GraphBuilder, flat: FlatTrees, model: TreeEnsembleClassifierSpec): ValueSpec[] {
  if (flat.leafWidth < 2) throw invalid('a classifier leaf needs one score per class (at least 2)');
  const postTransform = model.postTransform ?? 'none';
  if (postTransform !== 'none' && postTransform !== 'softmax') throw invalid(`postTransform must be 'none' or 'softmax', not ${JSON.stringify(postTransform)}`);
  const classes = classLabelsFor(flat.leafWidth, model.classes);
  // The operator's own label is left unused: with two classes onnxruntime answers the second class
  // whenever its score is > 0, not the higher score. Every leaf scores every class, which also keeps
  // onnxruntime off its one-score "binary case" path, so the scores come out as given.
  graph.node('TreeEnsembleClassifier', [INPUT_NAME], {
    domain: ML_DOMAIN,
    output: 'tree_label',
    extraOutputs: [OUTPUT.probabilities],
    attributes: {
      class_ids: ints(flat.leafTargets),
      class_nodeids: ints(flat.leafNodeIds),
      class_treeids: ints(flat.leafTreeIds),
      class_weights: floats(flat.leafWeights),
      // The operator names classes by index; the head below maps the winning index to its label.
      classlabels_int64s: ints(classes.map((_, i) => i)),
      ...nodeAttributes(flat),
      post_transform: string(postTransform.toUpperCase()),
    },
  });
  return addArgMaxLabel(graph, flat.leafWidth, classes);
}

function nodeAttributes(flat: FlatTrees): Record<string, AttributeValue> {
  return {
    nodes_falsenodeids: ints(flat.falseIds),
    nodes_featureids: ints(flat.featureIds),
    nodes_modes: strings(flat.modes),
    nodes_nodeids: ints(flat.nodeIds),
    nodes_treeids: ints(flat.treeIds),
    nodes_truenodeids: ints(flat.trueIds),
    nodes_values: floats(flat.thresholds),
  };
}

/** The trees as ONNX's parallel node and leaf arrays; node ids are preorder within each tree. */
interface FlatTrees {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  thresholds: number[];
  trueIds: number[];
  falseIds: number[];
  leafTreeIds: number[];
  leafNodeIds: number[];
  leafTargets: number[];
  leafWeights: number[];
  leafWidth: number;
}

function flattenTrees(trees: TreeNode[], featureCount: number): FlatTrees {
  const flat: FlatTrees = { treeIds: [], nodeIds: [], featureIds: [], modes: [], thresholds: [], trueIds: [], falseIds: [], leafTreeIds: [], leafNodeIds: [], leafTargets: [], leafWeights: [], leafWidth: 0 };
  trees.forEach((tree, treeId) => {
    let nextId = 0;
    const visit = (node: TreeNode, where: string): number => {
      const nodeId = nextId++;
      const row = flat.nodeIds.length;
      flat.treeIds.push(treeId);
      flat.nodeIds.push(nodeId);
      if (isLeaf(node)) {
        checkVector(node.leaf, `${where}.leaf`, flat.leafWidth || undefined);
        flat.leafWidth = node.leaf.length;
        pushSplit(flat, 'LEAF', 0, 0);
        node.leaf.forEach((weight, target) => {
          flat.leafTreeIds.push(treeId);
          flat.leafNodeIds.push(nodeId);
          flat.leafTargets.push(target);
          flat.leafWeights.push(weight);
        });
        return nodeId;
      }
      if (!isSplit(node)) throw invalid(`${where} is neither a split {feature, threshold, left, right} nor a leaf {leaf}`);
      if (!Number.isSafeInteger(node.feature) || node.feature < 0 || node.feature >= featureCount) throw invalid(`${where}.feature is ${node.feature}, not a feature index below ${featureCount}`);
      checkNumber(node.threshold, `${where}.threshold`);
      pushSplit(flat, 'BRANCH_LEQ', node.feature, node.threshold);
      flat.trueIds[row] = visit(node.left, `${where}.left`);
      flat.falseIds[row] = visit(node.right, `${where}.right`);
      return nodeId;
    };
    visit(tree, `trees[${treeId}]`);
  });
  return flat;
}

function pushSplit(flat: FlatTrees, mode: string, feature: number, threshold: number): void {
  flat.modes.push(mode);
  flat.featureIds.push(feature);
  flat.thresholds.push(threshold);
  flat.trueIds.push(0);
  flat.falseIds.push(0);
}

function isLeaf(node: TreeNode): node is TreeLeaf {
  return typeof node === 'object' && node !== null && 'leaf' in node;
}

function isSplit(node: TreeNode): node is TreeSplit {
  return typeof node === 'object' && node !== null && 'feature' in node && 'left' in node && 'right' in node;
}
