export { BotActionSchema, DEFAULT_BOT_DIR, readBotData, readBotEntities, readBotTrainingData, type BotAction, type BotData } from './default-bot';
