// model_registry: models, their lineage, sales and profiles, and the platform config.
export type { ModelRegistry } from "../idl/model_registry";
export * from "./pda";
export * from "./accounts";
export * from "./profile";
export * from "./instructions";
export * from "./actions";
export * from "./discovery";
