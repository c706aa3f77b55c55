package monitoring

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// feedRoutes registers the feeds, the keyword rules and the inbox, and
// the clipping form's reading of a pasted address: the department's
// work, so monitoring.edit throughout.
func (h *Handler) feedRoutes(m *auth.Mux) {
	m.Get("/monitoring/inbox", auth.MonitoringEdit, h.inbox)
	m.Post("/monitoring/inbox/dismiss", auth.MonitoringEdit, h.dismissMany)
	m.Post("/monitoring/inbox/{id}/dismiss", auth.MonitoringEdit, h.dismissOne)

	m.Get("/monitoring/feeds", auth.MonitoringEdit, h.feedList)
	m.Get("/monitoring/feeds/new", auth.MonitoringEdit, h.newFeedPage)
	m.Post("/monitoring/feeds", auth.MonitoringEdit, h.createFeed)
	m.Get("/monitoring/feeds/{id}/edit", auth.MonitoringEdit, h.editFeedPage)
	m.Post("/monitoring/feeds/{id}/edit", auth.MonitoringEdit, h.updateFeed)
	m.Post("/monitoring/feeds/{id}/read", auth.MonitoringEdit, h.readFeedNow)

	m.Get("/monitoring/rules", auth.MonitoringEdit, h.ruleList)
	m.Get("/monitoring/rules/new", auth.MonitoringEdit, h.newRulePage)
	m.Post("/monitoring/rules", auth.MonitoringEdit, h.createRule)
	m.Get("/monitoring/rules/{id}/edit", auth.MonitoringEdit, h.editRulePage)
	m.Post("/monitoring/rules/{id}/edit", auth.MonitoringEdit, h.updateRule)

	m.Post("/monitoring/new/read", auth.MonitoringEdit, h.readFromPage)
}

func feedURL(id int64) string { return "/monitoring/feeds/" + strconv.FormatInt(id, 10) + "/edit" }

func ruleURL(id int64) string { return "/monitoring/rules/" + strconv.FormatInt(id, 10) + "/edit" }

// historyOf is a record's timeline from the audit log, in the viewer's
// words.
func (h *Handler) historyOf(ctx context.Context, entity string, id int64) ([]components.TimelineLine, error) {
	lines, err := h.store.Timeline(ctx, entity, id)
	if err != nil {
		return nil, err
	}
	out := make([]components.TimelineLine, len(lines))
	for i, l := range lines {
		out[i] = components.TimelineLine{At: l.At, Actor: l.Actor, Action: audit.ActionName(ctx, l.Action), Summary: l.Summary}
	}
	return out, nil
}

// pageCursor reads a keyset page's start (after, after_id) from the query.
func pageCursor(q *form.Values) *Cursor {
	id, err := strconv.ParseInt(q.Raw("after_id"), 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	at, err := time.Parse(time.RFC3339Nano, q.Raw("after"))
	if err != nil {
		return nil
	}
	return &Cursor{At: at, ID: id}
}

// refused adds err to the form as its refusal or, for an error that is none,
// draws the error page; it reports whether err was a refusal, and the status.
func refused(w http.ResponseWriter, r *http.Request, f *form.Values, err error) (int, bool) {
	status, ok := f.Refused(err)
	if !ok {
		web.Error(w, r, err)
	}
	return status, ok
}
