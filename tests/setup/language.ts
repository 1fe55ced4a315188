// Unit tests run the names check directly: its language analysis (compromise) is loaded first,
// as the screens that run it do (machines/review/namesLanguage.ts).
import { loadNamesLanguage } from '../../machines/review/namesLanguage.ts';

await loadNamesLanguage();
