import { WebConformanceDriver } from './web-driver';
import { runConformanceSuite } from './suite';

runConformanceSuite(() => new WebConformanceDriver());
