package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/awards"
	"github.com/daugavpils/prdesk/internal/backup"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/ldapauth"
	"github.com/daugavpils/prdesk/internal/metrics"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/privacy"
	"github.com/daugavpils/prdesk/internal/reports"
	"github.com/daugavpils/prdesk/internal/twincities"
	"github.com/daugavpils/prdesk/internal/users"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/layout"
	"github.com/daugavpils/prdesk/web/static"
)

// App is the assembled server.
type App struct {
	cfg      Config
	pool     *pgxpool.Pool
	sessions *scs.SessionManager
	store    *auth.SessionStore
	mux      *auth.Mux
	handler  http.Handler

	jobClient *jobs.Client
	jobQueues []string // the queues the client works, for the metrics
	files     *files.Store
	// calendar keeps the working-day calendar for every area.
	calendar *calendar.Store
	// The areas' stores the home page counts with.
	petitions *petitions.Store
	visitors  *visitors.Store
	press     *press.Store

	// metrics is the registry METRICS_ADDR serves; schema is the binary's
	// migrations, for /readyz.
	metrics *metrics.Metrics
	schema  []int64
}

// New assembles the server on an open, migrated pool.
func New(cfg Config, pool *pgxpool.Pool) (*App, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Feeds == nil {
		cfg.Feeds = &feeds.Client{}
	}
	if cfg.BaseURL == "" && !cfg.Demo {
		cfg.Logger.Warn("BASE_URL is not set: links in mail and letters point to the address each request came in at, " +
			"and to " + cfg.JobBaseURL() + " in what background jobs send; set BASE_URL to the address people use")
	}
	a := &App{cfg: cfg, pool: pool, calendar: calendar.NewStore(pool), metrics: metrics.New(cfg.Logger, time.Now)}
	schema, err := db.EmbeddedMigrations()
	if err != nil {
		return nil, err
	}
	a.schema = schema
	a.petitions = petitions.NewStore(petitions.Deps{Pool: pool, Calendar: a.calendar, Now: cfg.Now})
	a.press = press.NewStore(press.Deps{Pool: pool, Now: cfg.Now})
	a.visitors = visitors.NewStore(visitors.Deps{Pool: pool, Calendar: a.calendar, Now: cfg.Now})
	// Expired sessions are swept by Serve.
	a.store = auth.NewSessionStore(pool)
	a.sessions = scs.New()
	a.sessions.Store = a.store
	a.sessions.HashTokenInStore = true
	a.sessions.Codec = auth.SessionCodec{}
	a.sessions.Lifetime = 8 * time.Hour
	// The 60-minute idle timeout is kept by auth.LoadUser, which refreshes
	// the session at most once a minute; scs's IdleTimeout would write the
	// session to the database on every request.
	a.sessions.Cookie.Name = "prdesk_session"
	a.sessions.Cookie.HttpOnly = true
	a.sessions.Cookie.SameSite = http.SameSiteLaxMode
	a.sessions.Cookie.Secure = cfg.SecureCookies
	a.sessions.Cookie.Persist = false
	a.sessions.ErrorFunc = web.Error

	r := chi.NewRouter()
	// chi's own 405 names the allowed methods in Allow.
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { web.Error(w, r, errs.NotFound) })
	r.Handle("/static/*", static.Handler())

	fileStore, err := files.NewStore(pool, cfg.FilesDir, cfg.Now)
	if err != nil {
		return nil, err
	}
	a.files = fileStore
	// Before routes: handlers are given the job client.
	if err := a.buildJobs(); err != nil {
		return nil, err
	}
	var directory auth.Directory
	if cfg.LDAP.URL != "" {
		d, err := ldapauth.New(cfg.LDAP, pool)
		if err != nil {
			return nil, err
		}
		directory = d
	}
	authHandler := auth.NewHandler(auth.Deps{Pool: pool, Sessions: a.sessions, Now: cfg.Now, OnAttempt: a.metrics.SignInAttempt,
		Directory: directory})
	a.mux = auth.NewMux(r)
	a.routes(authHandler)
	if err := a.mux.Check(); err != nil {
		return nil, err
	}

	var h http.Handler = r
	h = a.pageContext(h)
	h = authHandler.LoadUser(h)
	h = locale(h)
	h = a.sessions.LoadAndSave(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = limitBody(cfg.MaxBodyBytes)(h)
	h = headAsGet(h)
	h = securityHeaders(h)
	h = clientAddress(cfg.TrustedProxies, cfg.Logger)(h)
	h = accessLog(a.metrics, r)(h)
	h = requestID(h)
	a.handler = h
	a.addMetricSources()
	return a, nil
}

func (a *App) routes(authHandler *auth.Handler) {
	m := a.mux
	m.Get("/healthz", auth.Public, a.healthz)
	m.Get("/readyz", auth.Public, a.readyz)
	m.Post("/lang", auth.Public, a.setLanguage)
	authHandler.Routes(m)
	m.Get("/", auth.SignedIn, a.home)
	audit.NewHandler(audit.Deps{Pool: a.pool, Now: a.cfg.Now, Entities: auditEntities()}).Routes(m)
	calendar.NewHandler(calendar.Deps{Calendar: a.calendar, Sessions: a.sessions, Now: a.cfg.Now}).Routes(m)
	users.NewHandler(users.Deps{Pool: a.pool, Sessions: a.sessions, Now: a.cfg.Now}).Routes(m)
	petitionsDeps := petitions.Deps{Pool: a.pool, Sessions: a.sessions, Files: a.files, Jobs: a.Jobs(),
		Calendar: a.calendar, Now: a.cfg.Now, BaseURL: a.cfg.JobBaseURL()}
	petitions.NewHandler(petitionsDeps).Routes(m)
	directory := contacts.NewHandler(contacts.Deps{Pool: a.pool, Sessions: a.sessions, Now: a.cfg.Now, Jobs: a.Jobs()})
	visitorsDeps := visitors.Deps{Pool: a.pool, Sessions: a.sessions, Jobs: a.Jobs(),
		Calendar: a.calendar, Contacts: directory.Store(), Now: a.cfg.Now}
	visitors.NewHandler(visitorsDeps).Routes(m)
	// A data subject's request looks in every area that keeps personal
	// data: each gives its privacy.Source here, in the order the page
	// shows them.
	privacy.NewHandler(privacy.Deps{Pool: a.pool, Now: a.cfg.Now, Sources: []privacy.Source{
		petitions.PrivacySource(petitionsDeps),
		visitors.PrivacySource(visitorsDeps),
		contacts.PrivacySource(contacts.Deps{Store: directory.Store()}),
		twincities.PrivacySource(twincities.Deps{}),
		press.PrivacySource(press.Deps{}),
		monitoring.PrivacySource(monitoring.Deps{}),
		awards.PrivacySource(awards.Deps{}),
		delegations.PrivacySource(delegations.Deps{}),
	}}).Routes(m)
	directory.Routes(m)
	twincities.NewHandler(twincities.Deps{Pool: a.pool, Sessions: a.sessions, Files: a.files, Jobs: a.Jobs(),
		Contacts: directory.Store(), Now: a.cfg.Now}).Routes(m)
	press.NewHandler(press.Deps{Pool: a.pool, Sessions: a.sessions, Files: a.files, Jobs: a.Jobs(),
		Contacts: directory.Store(), Now: a.cfg.Now}).Routes(m)
	monitoring.NewHandler(monitoring.Deps{Pool: a.pool, Sessions: a.sessions, Files: a.files, Jobs: a.Jobs(),
		Contacts: directory.Store(), Feeds: a.cfg.Feeds, Now: a.cfg.Now, BaseURL: a.cfg.JobBaseURL()}).Routes(m)
	delegations.NewHandler(a.delegationsDeps(directory.Store())).Routes(m)
	awards.NewHandler(awards.Deps{Pool: a.pool, Sessions: a.sessions, Files: a.files, Jobs: a.Jobs(),
		Contacts: directory.Store(), Now: a.cfg.Now}).Routes(m)
	reports.NewHandler(reports.Deps{Pool: a.pool, Sessions: a.sessions, Calendar: a.calendar, Jobs: a.Jobs(),
		Petitions: a.petitions, Visitors: a.visitors, Now: a.cfg.Now, BaseURL: a.cfg.JobBaseURL(),
		SearchAreaTimeout: a.cfg.SearchAreaTimeout}).Routes(m)

	// An area with routes of its own is built; the others get the planned page.
	built := func(path string) bool {
		for _, rt := range m.Routes() {
			if rt.Pattern == path || strings.HasPrefix(rt.Pattern, path+"/") {
				return true
			}
		}
		return false
	}
	for _, ar := range areas {
		if !built(ar.Path) {
			m.Get(ar.Path, ar.Perm, a.planned(ar))
		}
	}
}

// auditEntities are every area's declarations of its entities in the audit
// log (audit.Entities). An area not listed declares nothing yet, and the
// administrator opens none of its details. The calendar's are here until
// its package declares them: its days and settings are no personal data.
func auditEntities() audit.Entities {
	return audit.Merge(users.AuditEntities(), petitions.AuditEntities(), visitors.AuditEntities(), privacy.AuditEntities(), contacts.AuditEntities(), twincities.AuditEntities(), press.AuditEntities(), monitoring.AuditEntities(), files.AuditEntities(),
		delegations.AuditEntities(), awards.AuditEntities(), reports.AuditEntities(),
		backup.AuditEntities(), audit.Entities{"calendar_day": false, "setting": false})
}

// Handler is the whole application as one http.Handler.
func (a *App) Handler() http.Handler { return a.handler }

// Routes lists every route with its permission (for the permission test).
func (a *App) Routes() []auth.Route { return a.mux.Routes() }

// sweepSessions deletes expired sessions, and sign-in attempts older than
// auth.KeepAttempts, every few minutes until ctx ends.
func (a *App) sweepSessions(ctx context.Context) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.store.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				slog.WarnContext(ctx, "sweeping expired sessions", "err", err)
			}
			if _, err := auth.PruneAttempts(ctx, a.pool, a.cfg.Now().Add(-auth.KeepAttempts)); err != nil && ctx.Err() == nil {
				slog.WarnContext(ctx, "removing old sign-in attempts", "err", err)
			}
		}
	}
}

// backfill fills in the rows the migrations left to the server
// (db.Backfill) while the server serves, trying again a minute after a
// failure, until it is done or ctx ends.
func (a *App) backfill(ctx context.Context) {
	for {
		err := db.Backfill(ctx, a.pool, db.BackfillBatch)
		if err == nil || ctx.Err() != nil {
			return
		}
		slog.WarnContext(ctx, "backfill failed; trying again in a minute", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}

// Serve listens on the configured port until ctx ends, then drains requests.
func (a *App) Serve(ctx context.Context) error {
	srv := &http.Server{
		Addr:              ":" + a.cfg.Port,
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn),
	}
	var metricsSrv *http.Server
	if a.cfg.MetricsAddr != "" {
		var err error
		if metricsSrv, err = a.listenMetrics(a.cfg.MetricsAddr); err != nil {
			return err
		}
		// Last to stop: the figures of the shutdown itself are scraped.
		defer metricsSrv.Close()
	}
	if err := a.startJobs(ctx); err != nil {
		return err
	}
	// Deferred, so jobs stop after the last request has finished.
	defer a.stopJobs()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	go a.sweepSessions(ctx)
	go a.backfill(ctx)
	if a.cfg.DebugAddr != "" {
		go serveProfiler(a.cfg.DebugAddr)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down: finishing requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// pageContext gives the shell what it needs: the viewer, their navigation, the flash.
func (a *App) pageContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &layout.Page{Path: r.URL.Path, RequestID: RequestIDFrom(r.Context()), BaseURL: a.requestBaseURL(r)}
		if u := auth.UserFrom(r.Context()); u != nil {
			p.Viewer = u.Viewer()
			for _, ar := range areas {
				if u.Can(ar.Perm) {
					p.Nav = append(p.Nav, layout.NavItem{Path: ar.Path, Key: ar.Key, Admin: ar.Admin})
				}
			}
		}
		// An htmx fragment (a board polled every second) draws no flash: it
		// must not take the message meant for the next whole page.
		if r.Method == http.MethodGet && r.Header.Get("HX-Request") != "true" && r.URL.Path != "/healthz" && r.URL.Path != "/readyz" {
			p.Flash = web.PopFlash(r, a.sessions)
		}
		next.ServeHTTP(w, r.WithContext(layout.WithPage(r.Context(), p)))
	})
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := a.pool.Ping(ctx); err != nil {
		slog.WarnContext(r.Context(), "health check: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "database unreachable")
		return
	}
	fmt.Fprintln(w, "ok")
}

func (a *App) setLanguage(w http.ResponseWriter, r *http.Request) {
	code := r.PostFormValue("lang")
	if !i18n.Supported(code) {
		web.Error(w, r, errs.Invalid)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: code, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: a.cfg.SecureCookies,
	})
	back := "/"
	// Return to the page the switch was pressed on (same site only).
	if ref := r.Referer(); ref != "" {
		if i := strings.Index(ref, "://"); i >= 0 {
			rest := ref[i+3:]
			if j := strings.IndexByte(rest, '/'); j >= 0 && rest[:j] == r.Host {
				back = rest[j:]
			}
		}
	}
	web.Redirect(w, r, back)
}

func (a *App) planned(ar area) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		web.Render(w, r, http.StatusOK, plannedPage(ar))
	}
}

func (a *App) home(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	v := homeView{User: u, Today: a.cfg.Now().In(i18n.Riga)}
	if u.Can(auth.AccessReview) {
		n, err := users.NewStore(a.pool).GrantsSince(r.Context(), a.cfg.Now().AddDate(0, 0, -users.GrantsRecentDays))
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v.Grants = n
	}
	for _, ar := range areas {
		if u.Can(ar.Perm) && !ar.Admin {
			v.Areas = append(v.Areas, ar)
		}
	}
	// The head (and the administrator, who enters it) hears when the
	// Cabinet's order moving working days is missing from the calendar.
	if u.Has(auth.RoleHead) || u.Can(auth.AdminCalendar) {
		st, err := a.calendar.OrderStatus(r.Context(), calendar.OrderYear(v.Today))
		if err != nil {
			web.Error(w, r, err)
			return
		}
		if st.Missing() {
			v.OrderMissing = st.Year
		}
	}
	if err := a.homeFigures(r.Context(), u, &v); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, homePage(v))
}

// reportAreas are the areas whose figures the report tiles show, in order;
// those not built yet are named in one line instead of an empty tile.
var reportAreas = []string{"area.petitions", "area.visitors", "area.press", "area.monitoring", "area.publishing", "area.tasks"}

// homeFigures counts what u's home page shows: one cheap statement a tile
// (see the areas' store_home.go).
func (a *App) homeFigures(ctx context.Context, u *auth.User, v *homeView) error {
	today := calendar.DateOf(v.Today)
	// An emergency in force is the first thing the department and the
	// units' staff, who submit statements while it lasts, must see.
	if u.Can(auth.AreaPress) || u.Can(auth.PressStatementSubmit) {
		e, err := a.press.ActiveEmergency(ctx)
		switch {
		case err == nil:
			v.Emergency = &e
		case !errors.Is(err, errs.NotFound):
			return err
		}
	}
	if u.Has(auth.RoleManagement) && u.Can(auth.AreaPetitions) {
		t, err := a.petitions.AwaitingFor(ctx, u.ID, today)
		if err != nil {
			return err
		}
		v.Awaiting = &t
	}
	// Those a resolution names as executors: the department's people.
	if u.Can(auth.PetitionsManage) {
		t, err := a.petitions.AssignedTo(ctx, u.ID, today)
		if err != nil {
			return err
		}
		v.Assigned = &t
	}
	if u.Has(auth.RoleClerk) && u.Can(auth.AreaVisitors) {
		d, err := a.visitors.DeskDay(ctx, today)
		if err != nil {
			return err
		}
		v.Desk = &d
	}
	if !u.Can(auth.AreaReports) {
		return nil
	}
	y, m, _ := v.Today.Date()
	v.MonthFrom = time.Date(y, m, 1, 0, 0, 0, 0, i18n.Riga)
	v.MonthTo = v.MonthFrom.AddDate(0, 1, 0)
	for _, key := range reportAreas {
		switch {
		case key == "area.petitions" && u.Can(auth.AreaPetitions):
			g, err := a.petitions.Glance(ctx, today, v.MonthFrom, v.MonthTo)
			if err != nil {
				return err
			}
			v.Registry = &g
		case key == "area.visitors" && u.Can(auth.VisitorsStats):
			rep, err := a.visitors.Glance(ctx, v.MonthFrom, v.MonthTo)
			if err != nil {
				return err
			}
			v.Visits = &rep
		case key != "area.petitions" && key != "area.visitors":
			v.Planned = append(v.Planned, key)
		}
	}
	return nil
}
