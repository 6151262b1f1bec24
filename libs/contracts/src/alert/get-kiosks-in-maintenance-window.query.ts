/**
 * Which of these kiosks are inside a maintenance window now (by their own or one of their tags'),
 * as the alert module that owns the windows decides it. Answers the ids that are.
 */
export class GetKiosksInMaintenanceWindowQuery {
  constructor(readonly kioskIds: readonly number[]) {}
}
