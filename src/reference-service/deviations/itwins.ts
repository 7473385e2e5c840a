import { errors } from "../errors";
import type { ItwinHooks } from "../pipeline/route-stages";
import { hook } from "./switchboard";

/** Deviations shared by every resource of an iTwin. */
export const itwinHooks: ItwinHooks = {
  unknownItwin: [
    hook("echo-token-in-not-found", ({ id, token }) => ({
      ...errors.itwinNotFound(),
      code: `ItwinNotFound for ${token}`,
      message: `No iTwin ${id} for token ${token}.`,
    })),
  ],
};
