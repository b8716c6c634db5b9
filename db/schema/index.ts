export * from "./accounts";
export * from "./audit";
export * from "./enums";
export * from "./learning";
export * from "./mail";
export * from "./themes";
export * from "./contributions";
export * from "./polls";
