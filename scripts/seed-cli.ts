import { prepareDatabase } from "./prepare";

const { demoAccounts } = await prepareDatabase();
console.info(demoAccounts || "Nothing new to seed.");
