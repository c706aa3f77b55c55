package monitoring

import (
	"net/http"
	"strings"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The topics coverage is sorted by: the department adds, renames, closes
// and opens them; everyone sees them with their counts.

type topicsView struct {
	Topics []Topic
	// Name is the new topic's name as typed, Errors its refusal; EditID
	// the topic whose row was refused (its name as typed in EditName).
	Name     string
	EditID   int64
	EditName string
	Errors   form.Errors
}

func (h *Handler) renderTopics(w http.ResponseWriter, r *http.Request, status int, v topicsView) {
	var err error
	if v.Topics, err = h.store.TopicsWithUses(r.Context()); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, topicsPage(v))
}

func (h *Handler) topics(w http.ResponseWriter, r *http.Request) {
	h.renderTopics(w, r, http.StatusOK, topicsView{})
}

func (h *Handler) createTopic(w http.ResponseWriter, r *http.Request) {
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.topics")
	name := strings.TrimSpace(f.Text("name", true, MaxTopicName))
	if !f.Errors.Any() {
		_, err := h.store.CreateTopic(r.Context(), name)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/monitoring/topics", i18n.T(r.Context(), "monitoring.topics.added"))
			return
		}
		if _, ok := f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderTopics(w, r, http.StatusUnprocessableEntity, topicsView{Name: name, Errors: f.Errors})
}

func (h *Handler) updateTopic(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		_, err = h.store.Topic(r.Context(), id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("monitoring.topics")
	// Each row's field has a name of its own: ids on one page are unique.
	field := "name_" + idText(id)
	t := Topic{ID: id, Name: strings.TrimSpace(f.Text(field, false, MaxTopicName)), Active: f.Raw("active") == "1", Version: f.Version()}
	if t.Name == "" && f.Errors.Get(field) == "" {
		f.Add(field, "monitoring.topics.name_required")
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.UpdateTopic(r.Context(), t)
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, "/monitoring/topics", i18n.T(r.Context(), "monitoring.topics.saved"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderTopics(w, r, status, topicsView{EditID: id, EditName: t.Name, Errors: f.Errors})
}
