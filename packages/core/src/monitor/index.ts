export { profileSample, Reservoir, type SampleSettings, type SampledProfile } from './sample.js';
export {
  monitorMarker,
  isMonitorIssueOf,
  encodeMonitorState,
  decodeMonitorState,
  monitorIssueTitle,
  renderMonitorIssueBody,
  renderMonitorComment,
  describeDispatch,
  driftedColumnNames,
  type MonitorState,
  type MonitorContext,
  type DispatchOutcome,
  type MonitorCommentKind,
} from './issue.js';
export { decideMonitorAction, type MonitorDecision, type MonitorDecisionInput, type OpenMonitorIssue, type IssueAction } from './decide.js';
export { loadMonitorSides, type MonitorSidesSettings, type MonitorSides } from './sides.js';
