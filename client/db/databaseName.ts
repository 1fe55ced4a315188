/** The device's database name: its own module so the first screen can look at the database without loading Dexie. */
export const databaseName = 'safeguarding-supervision';
