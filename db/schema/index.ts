export * from "./accounts";
export * from "./audit";
export * from "./enums";
export * from "./mail";
export * from "./themes";
