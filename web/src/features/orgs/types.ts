// Shapes of the organization endpoints. The report page uses some of them, so they live in lib/.
export * from "../../lib/orgTypes";
