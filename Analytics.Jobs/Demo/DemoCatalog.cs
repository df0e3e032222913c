namespace Analytics.Jobs.Demo;

/// <summary>Fixed vocabulary of the demo organisation: departments, names and topics.</summary>
public static class DemoCatalog
{
    /// <summary>Code, name, parent code, relative size of the team (0 = no staff beyond the head), topics.</summary>
    public static readonly (string Code, string Name, string? Parent, int Weight, string[] Topics)[] Departments =
    [
        ("ROOT", "Northwind Group", null, 0, ["strategy"]),
        ("ENG", "Engineering", "ROOT", 0, ["architecture"]),
        ("ENG-PLT", "Platform", "ENG", 0, ["kubernetes"]),
        ("ENG-PLT-INF", "Infrastructure", "ENG-PLT", 9, ["kubernetes", "terraform", "networking", "observability"]),
        ("ENG-PLT-DX", "Developer Experience", "ENG-PLT", 6, ["ci", "build", "onboarding", "tooling"]),
        ("ENG-DATA", "Data", "ENG", 0, ["data"]),
        ("ENG-DATA-AN", "Analytics Engineering", "ENG-DATA", 7, ["sql", "dbt", "dashboards", "metrics"]),
        ("ENG-DATA-ML", "Machine Learning", "ENG-DATA", 6, ["python", "models", "feature-store", "evaluation"]),
        ("ENG-MOB", "Mobile", "ENG", 8, ["ios", "android", "release", "accessibility"]),
        ("ENG-SEC", "Security", "ENG", 5, ["threat-model", "incident", "iam", "compliance"]),
        ("PRD", "Product", "ROOT", 0, ["roadmap"]),
        ("PRD-PM", "Product Management", "PRD", 6, ["roadmap", "discovery", "pricing", "okr"]),
        ("PRD-UX", "Design", "PRD", 5, ["design-system", "research", "accessibility", "prototyping"]),
        ("SAL", "Sales", "ROOT", 0, ["pipeline"]),
        ("SAL-EMEA", "Sales EMEA", "SAL", 8, ["pipeline", "proposals", "pricing", "tenders"]),
        ("SAL-AMER", "Sales Americas", "SAL", 8, ["pipeline", "proposals", "pricing", "renewals"]),
        ("SAL-CS", "Customer Success", "SAL", 9, ["onboarding", "support", "renewals", "playbooks"]),
        ("OPS", "Operations", "ROOT", 0, ["process"]),
        ("OPS-IT", "IT Services", "OPS", 5, ["laptops", "vpn", "identity", "licences"]),
        ("OPS-FIN", "Finance", "OPS", 5, ["budget", "invoicing", "forecast", "expenses"]),
        ("PPL", "People & Culture", "ROOT", 0, ["culture"]),
        ("PPL-TAL", "Talent", "PPL", 4, ["hiring", "interviews", "onboarding", "careers"]),
        ("PPL-LRN", "Learning & Development", "PPL", 4, ["courses", "mentoring", "leadership", "communities"]),
    ];

    /// <summary>
    /// Tags people add beside their team's topics, most popular first: a few are on many items, most on a handful
    /// (the long tail every real tag list has). Spelled as sources spell them, some as plurals.
    /// </summary>
    public static readonly string[] LongTailTopics =
    [
        "how-to", "postmortems", "checklists", "faq", "grpc", "feature-flags", "sso", "gdpr", "helm-charts", "flaky-tests",
        "webhooks", "rate-limiting", "okr-templates", "pgbouncer", "dark-mode", "csv-exports", "timezones", "unicode",
        "vendor-contracts", "expense-policy", "parental-leave", "on-call", "runbooks", "load-testing", "data-retention",
        "localisation", "pair-programming", "code-review", "accessibility-audits", "customer-interviews", "pricing-experiments",
        "sales-decks", "churn-signals", "laptop-refresh", "travel-booking", "brown-bags", "mentoring-circles", "interview-loops",
    ];

    /// <summary>The topic of the demo's knowledge at risk: the items of the most prolific leaver carry it.</summary>
    public const string LeaverTopic = "legacy-billing";

    /// <summary>
    /// Communities of practice of the demo (issue 17): each gathers topics of several departments in the sources that
    /// carry topics, so the Communities page has content on first start. "Kubernetes" sits inside "Platform and
    /// data", so the subtraction rule (ADR 1712) has something to do; "People practices" spans two small teams and
    /// shows how a community under the minimum group size looks.
    /// </summary>
    public static readonly (string Name, string[] Topics)[] Communities =
    [
        ("Platform and data", ["kubernetes", "terraform", "sql", "dbt", "python", "models"]),
        ("Kubernetes", ["kubernetes"]),
        ("Customer journey", ["pipeline", "proposals", "onboarding", "support"]),
        ("Product craft", ["roadmap", "discovery", "design-system", "research", "ios", "android"]),
        ("People practices", ["hiring", "interviews", "courses", "mentoring"]),
    ];

    /// <summary>The demo sources whose items carry topics, and so can be community members.</summary>
    public static readonly string[] CommunitySources = ["wiki", "qa", "docs-git"];

    /// <summary>The department that keeps to itself: its knowledge is reused only inside it and it reuses only its own.</summary>
    public const string SiloDepartment = "ENG-SEC";

    public static readonly string[] FirstNames =
    [
        "Ada", "Alan", "Amara", "Anders", "Aiko", "Beatriz", "Bjorn", "Carla", "Chen", "Chidi", "Dana", "Dmitri",
        "Elena", "Emeka", "Farah", "Felix", "Grace", "Hamza", "Hana", "Ines", "Ivan", "Jana", "Jonas", "Kai",
        "Keiko", "Lars", "Leila", "Liam", "Lucia", "Malik", "Maria", "Mateo", "Mei", "Nadia", "Nils", "Noor",
        "Olga", "Omar", "Pablo", "Priya", "Quentin", "Rafael", "Rania", "Rosa", "Sami", "Sara", "Sofia", "Tariq",
        "Tessa", "Tomas", "Uma", "Viktor", "Wanda", "Xavier", "Yara", "Yusuf", "Zara", "Zoltan", "Ingrid", "Kofi",
    ];

    public static readonly string[] LastNames =
    [
        "Abara", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ibrahim", "Jensen", "Kowalski",
        "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Umarov",
        "Varga", "Weber", "Xu", "Yilmaz", "Zhang", "Almeida", "Brandt", "Castro", "Dalton", "Evans", "Ferreira",
        "Gupta", "Horvat", "Ivanova", "Jovanovic", "Kim", "Larsen", "Mendes", "Novak", "Olsen", "Popescu", "Reyes",
        "Silva", "Torres", "Urbanek", "Vogel", "Wojcik", "Young", "Zielinski", "Mensah", "Haddad", "Sato", "Lopez",
        "Nguyen", "Patel", "Kaur", "Adeyemi", "Bianchi", "Keller",
    ];

    public static readonly string[] TitlePatterns =
    [
        "How we handle {0}", "{0}: a checklist", "Lessons learned: {0}", "Getting started with {0}",
        "{0} troubleshooting guide", "Why our {0} works the way it does", "{0} FAQ", "Debrief: the {0} project",
        "{0} conventions", "A primer on {0}",
    ];

    public static readonly string[] QuestionPatterns =
    [
        "How do I set up {0}?", "Who owns {0}?", "Is there a template for {0}?", "Why does {0} fail on Mondays?",
        "What is the process for {0}?", "Where do I find the {0} docs?", "Best practice for {0}?",
    ];

    public static readonly string[] Courses =
    [
        "Writing things down", "Running a good retrospective", "Data privacy basics", "Mentoring 101",
        "Effective code review", "Negotiation skills", "Security awareness", "Presenting with confidence",
        "Intro to SQL", "Leading without authority",
    ];
}
