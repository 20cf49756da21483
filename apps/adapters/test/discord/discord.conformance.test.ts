import { runConformanceSuite } from '../conformance/suite';
import { DiscordConformanceDriver } from './discord-driver';

runConformanceSuite(() => new DiscordConformanceDriver());
