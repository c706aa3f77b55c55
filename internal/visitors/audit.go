package visitors

import "github.com/daugavpils/prdesk/internal/audit"

// AuditEntities are the visitors' entities in the audit log, and whether
// their entries concern residents' personal data: the administrator opens
// the details of the others only. A booking, a queue ticket, a waiting
// list entry, a visit in the log and the removal of visitors' details are
// about a visitor. An official, their reception hours and one-off
// sessions are the office's own arrangements; a cancelled reception day
// is counted personal, as its reason (typed by staff) may speak of the
// official's health or family.
func AuditEntities() audit.Entities {
	return audit.Entities{
		"booking":             true,
		"visit_queue":         true,
		"visit_waitlist":      true,
		"visit_log":           true,
		"visitors_retention":  true,
		"visit_cancellation":  true,
		"visit_official":      false,
		"visit_rule":          false,
		"visit_extra_session": false,
	}
}
