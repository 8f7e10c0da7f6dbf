// @pygen/example-sdk: the SDK for pygen_example:ExampleModel/1.
export { ClientConfig } from "@pygen/runtime";
export { DATA_MODEL, ExampleClient } from "./_client.js";
export * from "./certification.js";
export * from "./describable.js";
export * from "./equipment.js";
export * from "./facility.js";
export * from "./operator.js";
export * from "./pump.js";
