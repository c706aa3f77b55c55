package petitions

import "github.com/daugavpils/prdesk/internal/audit"

// AuditEntities are the registry's entities in the audit log, and whether
// their entries concern residents' personal data: the administrator opens
// the details of the others only. A submission's steps, a data subject's
// request and the removal of personal data are about a person; the
// classification scheme and the deadline rules are not.
func AuditEntities() audit.Entities {
	return audit.Entities{
		"petition":               true,
		"person_request":         true,
		"petition_retention":     true,
		"doc_case":               false,
		"petition_deadline_rule": false,
	}
}
