export { DEFAULT_BOT_DIR, readBotData, readBotTrainingData, type BotData } from './default-bot';
