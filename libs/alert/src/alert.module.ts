import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig, DomainModuleDescriptor } from '@app/core';
import { ALERT_OPTIONS, alertOptions } from './alert.options';
import { AlertRepository } from './alerts/alert.repository';
import { AlertStore } from './alerts/alert-store';
import { AlertSweeper } from './alerts/alert-sweeper';
import { KioskFactsForAlerts } from './alerts/kiosk-facts-for-alerts';
import { AcknowledgeAlertHandler } from './commands/acknowledge-alert/acknowledge-alert.handler';
import { AddAlertNoteHandler } from './commands/add-alert-note/add-alert-note.handler';
import { CreateAlertRuleHandler } from './commands/create-alert-rule/create-alert-rule.handler';
import { CreateMaintenanceWindowHandler } from './commands/create-maintenance-window/create-maintenance-window.handler';
import { DeleteAlertRuleHandler } from './commands/delete-alert-rule/delete-alert-rule.handler';
import { DeleteMaintenanceWindowHandler } from './commands/delete-maintenance-window/delete-maintenance-window.handler';
import { EvaluateAlertRulesHandler } from './commands/evaluate-alert-rules/evaluate-alert-rules.handler';
import { EvaluateKioskLivenessHandler } from './commands/evaluate-kiosk-liveness/evaluate-kiosk-liveness.handler';
import { EvaluateLocationDriftHandler } from './commands/evaluate-location-drift/evaluate-location-drift.handler';
import { RaiseAnomalyAlertHandler } from './commands/raise-anomaly-alert/raise-anomaly-alert.handler';
import { RaiseCashMismatchAlertHandler } from './commands/raise-cash-mismatch-alert/raise-cash-mismatch-alert.handler';
import { RecordFailedPaymentHandler } from './commands/record-failed-payment/record-failed-payment.handler';
import { ResolveAlertHandler } from './commands/resolve-alert/resolve-alert.handler';
import { UpdateAlertRuleHandler } from './commands/update-alert-rule/update-alert-rule.handler';
import { AlertMetrics } from './evaluation/alert-metrics';
import { LivenessAlerts } from './evaluation/liveness-alerts';
import { RateAlerts } from './evaluation/rate-alerts';
import { SiteIncidents } from './evaluation/site-incidents';
import { TelemetryEvaluation } from './evaluation/telemetry-evaluation';
import { ForgetKioskWhenKioskUpdatedHandler } from './events/forget-kiosk-when-kiosk-updated.handler';
import { LocationDriftAlerts } from './location/location-drift-alerts';
import { GetAlertStatsHandler } from './queries/alert-stats/get-alert-stats.handler';
import { BacktestAlertRuleHandler } from './queries/backtest-alert-rule/backtest-alert-rule.handler';
import { GetAlertRuleHandler } from './queries/get-alert-rule/get-alert-rule.handler';
import { GetAlertHandler } from './queries/get-alert/get-alert.handler';
import { ListAlertNotesHandler } from './queries/list-alert-notes/list-alert-notes.handler';
import { ListAlertRulesHandler } from './queries/list-alert-rules/list-alert-rules.handler';
import { ListAlertsHandler } from './queries/list-alerts/list-alerts.handler';
import { CountKioskAlertsHandler } from './queries/count-kiosk-alerts/count-kiosk-alerts.handler';
import { GetKiosksInMaintenanceWindowHandler } from './queries/get-kiosks-in-maintenance-window/get-kiosks-in-maintenance-window.handler';
import { ListMaintenanceWindowsHandler } from './queries/list-maintenance-windows/list-maintenance-windows.handler';
import { MaintenanceWindowRepository } from './maintenance/maintenance-window.repository';
import { AlertRuleRepository } from './rules/alert-rule.repository';
import { RuleCache } from './rules/rule-cache';
import { AlertSaga } from './sagas/alert.saga';

/**
 * Alerts: rules evaluated on the telemetry path (incrementally, on the instance that stored the
 * readings), on liveness changes and on payment failures; location drift against the registered site; the alert lifecycle with race-safe
 * dedup; maintenance windows; site incidents; backtests; response-time statistics. API side only:
 * its time-driven work runs on one leader-elected API instance, next to the events it reacts to.
 */
@Module({})
export class AlertModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AlertModule,
      imports: [CqrsModule],
      providers: [
        { provide: ALERT_OPTIONS, useValue: alertOptions(config) },
        AlertRuleRepository,
        AlertRepository,
        MaintenanceWindowRepository,
        RuleCache,
        KioskFactsForAlerts,
        AlertStore,
        AlertSweeper,
        TelemetryEvaluation,
        AlertMetrics,
        LivenessAlerts,
        SiteIncidents,
        RateAlerts,
        LocationDriftAlerts,
        AlertSaga,
        EvaluateAlertRulesHandler,
        EvaluateKioskLivenessHandler,
        EvaluateLocationDriftHandler,
        ForgetKioskWhenKioskUpdatedHandler,
        RecordFailedPaymentHandler,
        RaiseAnomalyAlertHandler,
        RaiseCashMismatchAlertHandler,
        CreateAlertRuleHandler,
        UpdateAlertRuleHandler,
        DeleteAlertRuleHandler,
        AcknowledgeAlertHandler,
        ResolveAlertHandler,
        AddAlertNoteHandler,
        CreateMaintenanceWindowHandler,
        DeleteMaintenanceWindowHandler,
        ListAlertsHandler,
        GetAlertHandler,
        ListAlertNotesHandler,
        GetAlertStatsHandler,
        ListAlertRulesHandler,
        GetAlertRuleHandler,
        BacktestAlertRuleHandler,
        ListMaintenanceWindowsHandler,
        GetKiosksInMaintenanceWindowHandler,
        CountKioskAlertsHandler,
      ],
      exports: [AlertSweeper, TelemetryEvaluation],
    };
  }
}

export const ALERT_MODULE: DomainModuleDescriptor = {
  name: 'alert',
  forRoot: (config) => AlertModule.forRoot(config),
};
