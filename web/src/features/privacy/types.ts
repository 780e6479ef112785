// Shapes of the privacy endpoints. Other features use some of them, so they live in lib/.
export type * from "../../lib/privacyTypes";
