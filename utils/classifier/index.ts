export { CATEGORY_IDS, CUSTOM_CONTEXT_ID, isCategoryId, isContextId, isCustomContextId } from './types';
export type {
  CategoryId,
  ContextId,
  CustomContextId,
  PostLabel,
  CategoryPrior,
  CategoryLexicon,
  CategoryWeights,
  Classification,
  ClassifyOptions,
  FeatureKind,
  HashtagSense,
  PostInput,
  Reason,
  SenseInventory,
  WeightTable,
} from './types';
export {
  CLASSIFIER_VERSION,
  DEFAULT_INVENTORY,
  DEFAULT_THRESHOLD,
  TRAINED_WEIGHTS,
  categoryProbabilities,
  classifyPost,
  getModel,
  isWatchedTag,
  watchedTagNames,
} from './classify';
export type { ClassifyPostOptions } from './classify';
export { compileModel, lexiconToWeightTable, mergeWeightTables } from './model';
export type { CompiledModel } from './model';
export { extractFeatures } from './features';
export type { ExtractedFeature } from './features';
export {
  EXCERPT_HEAD_CHARS,
  EXCERPT_TAIL_CHARS,
  MAX_TEXT_CHARS,
  classifiedExcerpt,
  normalizeKey,
  normalizeTagKey,
  normalizeText,
  prepareText,
} from './normalize';
export { calibrationError, cohenKappa, confusionMatrix, evaluate, f1Score, formatConfusion, majorityClass, summaryLine } from './metrics';
export type { EvaluationReport, PerCategoryMetrics } from './metrics';
export { KEYWORD_RULES, keywordBaseline } from './baselines';
export { decodeEntities, htmlToText } from './html';
export { tokenizePost } from './tokenize';
export type { PostTokens } from './tokenize';
export { correctionWeights } from './corrections';
export type { CorrectionExample } from './corrections';
export { DEFAULT_LOGISTIC, DEFAULT_TRAINING, L2_GRID, firstSentence, fitTemperature, trainLogistic, trainNaiveBayes } from './train';
export type { LogisticOptions, TrainingExample, TrainingOptions } from './train';
export { crossValidate, nestedCrossValidate, repeatedCrossValidate } from './cross-validate';
export type { LabelledPost } from './cross-validate';
export { compileWithLearnt } from './learned-model';
export { compileKeywordContexts, keywordConfidence, matchKeywordContexts } from './keyword-contexts';
export type { CompiledKeywordContexts, KeywordContext } from './keyword-contexts';
