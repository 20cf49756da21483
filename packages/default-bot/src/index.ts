export { DEFAULT_BOT_DIR, readBotData, readBotEntities, readBotTrainingData, type BotData } from './default-bot';
