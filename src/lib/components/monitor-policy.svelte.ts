/**
 * The user's monitoring thresholds (age limit, metric, allowed drop), one set per browser, kept
 * in localStorage and shared by the registry and the start page. Parsed on the way in
 * (`parsePolicy`), so a damaged value reads as the default.
 */
import { DEFAULT_POLICY, parsePolicy, type MonitorPolicy } from '../store/monitor';

const KEY = 'descent-monitor-policy';

class MonitorPolicyState {
	current = $state<MonitorPolicy>(DEFAULT_POLICY);

	constructor() {
		if (typeof localStorage !== 'undefined') this.current = parsePolicy(localStorage.getItem(KEY));
	}

	set(change: Partial<MonitorPolicy>): void {
		this.current = parsePolicy(JSON.stringify({ ...this.current, ...change }));
		if (typeof localStorage !== 'undefined') localStorage.setItem(KEY, JSON.stringify(this.current));
	}
}

export const monitorPolicy = new MonitorPolicyState();
