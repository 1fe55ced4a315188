/**
 * Kept for code written before machines/dates/format.ts, the one date module: use that.
 */
export { formatDate as formatRecordDate, formatInstant as formatRecordInstant, formatTime as formatRecordTime, ukDateAndTime } from '../dates/format.ts';
