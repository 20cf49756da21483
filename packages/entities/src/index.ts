export { BUILTIN_ENTITY_TYPES, DEFAULT_BUDGET_MS, isBuiltinEntityType } from './types';
export type { BuiltinEntityType, Entity, EntityExtractorKind, ExtractOptions, ExtractResult } from './types';
export { CustomEntitySchema, MAX_LOOKUP_TEXT_LENGTH, MAX_LOOKUP_VALUES, MAX_PATTERN_LENGTH, MAX_SYNONYMS_PER_VALUE, checkCustomEntity } from './custom-entity';
export type { CheckResult, CustomEntity, LookupEntity, RegexEntity } from './custom-entity';
export { EntityExtractor } from './entity-extractor';
export type { EntityExtractorOptions, IgnoredEntity } from './entity-extractor';
export type { BuiltinRecognizers, ModelName, RecognizerLanguage, RecognizerModel, RecognizerResult } from './builtin/recognizers';
