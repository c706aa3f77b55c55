package press

import (
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/web"
)

// cardView is one release with its versions, the head's decisions and its
// history.
type cardView struct {
	R        Release
	Contact  *Contact
	Versions []Version
	Reviews  []Review
	Sendings []Sending
	Timeline []TimelineLine
	Now      time.Time
	// The head's comment as typed, when the decision was refused.
	Comment      string
	ReviewErrors form.Errors
	Attachments  []files.File
	// Refusals of the files last chosen to attach.
	FileErrors form.Errors
	// The clippings the release brought (the newest of them), and how
	// many there are.
	Coverage      []monitoring.Coverage
	CoverageTotal int
}

func (h *Handler) card(w http.ResponseWriter, r *http.Request) {
	x, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderCard(w, r, http.StatusOK, cardView{R: x})
}

func (h *Handler) renderCard(w http.ResponseWriter, r *http.Request, status int, v cardView) {
	ctx := r.Context()
	v.Now = h.now()
	var err error
	if v.Contact, err = h.store.Contact(ctx, v.R.ContactPersonID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Versions, err = h.store.Versions(ctx, v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Reviews, err = h.store.Reviews(ctx, v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Sendings, err = h.store.Sendings(ctx, v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Timeline, err = h.store.Timeline(ctx, v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Attachments, err = h.store.Attachments(ctx, v.R.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.R.SentAt != nil {
		if v.Coverage, v.CoverageTotal, err = h.store.Coverage(ctx, v.R.ID); err != nil {
			web.Error(w, r, err)
			return
		}
	}
	web.Render(w, r, status, cardPage(v))
}

// lastReturn is the head's newest comment when the release was returned.
func (v cardView) lastReturn() *Review {
	if v.R.Status != Returned {
		return nil
	}
	for i := range v.Reviews {
		if v.Reviews[i].Decision == DecisionReturned {
			return &v.Reviews[i]
		}
	}
	return nil
}
