package twincities

import (
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// cardView is one agreement with its log, days and history.
type cardView struct {
	A        Agreement
	Names    map[int64]Contact
	Scan     *files.File
	Log      []LogEntry
	Days     []Day
	Timeline []TimelineLine
	Today    time.Time
	// The yearly day's form, as typed, when it was refused.
	DayForm   dayForm
	DayErrors form.Errors
}

func (h *Handler) card(w http.ResponseWriter, r *http.Request) {
	a, err := h.pathAgreement(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderCard(w, r, http.StatusOK, cardView{A: a})
}

func (h *Handler) renderCard(w http.ResponseWriter, r *http.Request, status int, v cardView) {
	ctx := r.Context()
	v.Today = calendar.DateOf(h.now())
	var err error
	if v.Names, err = h.store.Contacts(ctx, contactIDs([]Agreement{v.A})); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.A.ScanFileID != nil {
		f, err := h.files.Get(ctx, *v.A.ScanFileID)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v.Scan = &f
	}
	if v.Log, err = h.store.Log(ctx, v.A.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Days, err = h.store.Days(ctx, v.A.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Timeline, err = h.store.Timeline(ctx, v.A.ID); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, cardPage(v))
}

// scan serves the agreement's scan, and only its own.
func (h *Handler) scan(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	fileID, err := web.PathID(r, "fileID")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.ScanFile(ctx, id, fileID); err != nil {
		web.Error(w, r, err)
		return
	}
	f, rc, err := h.files.Open(ctx, fileID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	files.Serve(w, r, f, rc, form.URLValues(r).Get("download") != "1")
}

func scanURL(id, fileID int64) string {
	return agreementURL(id) + "/scan/" + strconv.FormatInt(fileID, 10)
}

// hasVisitState tells whether the log has a visit planned or cancelled,
// which the counts leave out.
func hasVisitState(log []LogEntry) bool {
	for _, e := range log {
		if e.State == PlannedVisit || e.State == CancelledVisit {
			return true
		}
	}
	return false
}
