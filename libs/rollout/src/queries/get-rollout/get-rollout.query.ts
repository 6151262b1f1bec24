/** `GET /rollouts/{id}`: the rollout with its waves' progress and what holds it. */
export class GetRolloutQuery {
  constructor(readonly rolloutId: string) {}
}
