import { SlackConformanceDriver } from './slack-driver';
import { runConformanceSuite } from './suite';

runConformanceSuite(() => new SlackConformanceDriver());
