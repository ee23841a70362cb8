"""The structure the lessons need in the database: locales, the page tree, editorial
groups and the review workflow.

Each function takes an app registry (a migration's historical ``apps`` or the real
one) and only creates what is missing, so it runs from the data migrations and
again after ``flush`` (see :mod:`lessons.apps`), which empties every table.
Pages are created with explicit tree paths rather than treebeard's methods, which
historical models do not have.
"""

from __future__ import annotations

from django.utils import timezone

LANGUAGES = ("pl", "uk", "en")
DEFAULT_LANGUAGE = "pl"
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

HOME_TITLES = {"pl": "Strona główna", "uk": "Головна", "en": "Home"}
INDEX_TITLES = {"pl": "Lekcje", "uk": "Уроки", "en": "Lessons"}

EDITORS = "Editors"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Lesson review"
TASK_NAME = "Moderators approve lessons"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
MODERATOR_PAGE_PERMISSIONS = (
    *EDITOR_PAGE_PERMISSIONS,
    "delete_page",
    "publish_page",
    "unlock_page",
)
EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "choose")),
    ("wagtaildocs", "document", ("add", "change", "choose")),
)
MODERATOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", ("add", "change", "choose", "delete")),
    ("wagtaildocs", "document", ("add", "change", "choose", "delete")),
)
EDITOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "admin", ("access",)),
    ("simple_translation", "simpletranslation", ("submit_translation",)),
    ("lessons", "glossaryterm", ("add", "change")),
    ("lessons", "topic", ("add", "change")),
    ("lessons", "curriculumpoint", ("add", "change")),
)
MODERATOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "admin", ("access",)),
    ("simple_translation", "simpletranslation", ("submit_translation",)),
    ("lessons", "glossaryterm", ("add", "change", "delete", "publish")),
    ("lessons", "topic", ("add", "change", "delete")),
    ("lessons", "curriculumpoint", ("add", "change", "delete")),
)
# The public quiz library is written by the same people. Its model's migrations run
# after lessons', so quizzes' own migration grants these; ensure_all grants them
# again after a flush.
QUIZ_LIBRARY_EDITOR_PERMISSIONS = (("quizzes", "libraryquiz", ("add", "change")),)
QUIZ_LIBRARY_MODERATOR_PERMISSIONS = (
    ("quizzes", "libraryquiz", ("add", "change", "delete", "publish")),
)


def ensure_all(apps) -> None:
    """Creates everything below that is missing."""
    ensure_permissions(apps)
    ensure_locales(apps)
    ensure_page_tree(apps)
    ensure_root_collection(apps)
    ensure_editorial_groups(apps)
    ensure_quiz_library_permissions(apps)
    ensure_review_workflow(apps)


def ensure_permissions(apps) -> None:
    """Creates content types and permissions now: Django makes them only after the
    last migration, and the groups below need them."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module


def ensure_locales(apps) -> None:
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def ensure_page_tree(apps) -> None:
    """Creates the home page (the site root) and the lessons index in every
    language, each translation sharing the original's translation key."""
    root = _root_page(apps)
    home = _original(apps, "lessons", "HomePage")
    if home is None:
        home = _create_home(apps, root)
    index = _original(apps, "lessons", "LessonIndexPage")
    if index is None:
        index = _create_page(
            apps, "LessonIndexPage", home, slug="lessons", language=DEFAULT_LANGUAGE
        )
    for code in LANGUAGES:
        if code == DEFAULT_LANGUAGE:
            continue
        home_translation = _translation(apps, home, code) or _create_page(
            apps, "HomePage", root, slug=f"home-{code}", language=code, of=home
        )
        if _translation(apps, index, code) is None:
            _create_page(
                apps,
                "LessonIndexPage",
                home_translation,
                slug="lessons",
                language=code,
                of=index,
            )


def _root_page(apps):
    Page = apps.get_model("wagtailcore", "Page")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        ContentType = apps.get_model("contenttypes", "ContentType")
        root = Page.objects.create(
            title="Root",
            draft_title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            path="0001",
            depth=1,
            numchild=0,
            url_path="/",
            locale=_locale(apps, DEFAULT_LANGUAGE),
        )
    return root


def _create_home(apps, root):
    """Creates the home page and makes it the root of the default site, replacing
    Wagtail's placeholder welcome page when nothing was built under it."""
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    home = _create_page(apps, "HomePage", root, slug="home", language=DEFAULT_LANGUAGE)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="Youth Civics",
            root_page=home,
            is_default_site=True,
        )
    else:
        placeholder = site.root_page_id
        site.root_page = home
        site.save(update_fields=["root_page"])
        Page.objects.filter(
            pk=placeholder,
            content_type__app_label="wagtailcore",
            content_type__model="page",
            numchild=0,
        ).delete()
    root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])
    return home


def _create_page(apps, model_name, parent, *, slug, language, of=None):
    """Creates a live page as the last child of ``parent``."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = apps.get_model("lessons", model_name)
    titles = HOME_TITLES if model_name == "HomePage" else INDEX_TITLES
    now = timezone.now()
    extra = {"translation_key": of.translation_key} if of is not None else {}
    page = model.objects.create(
        title=titles[language],
        draft_title=titles[language],
        slug=slug,
        content_type=ContentType.objects.get_for_model(model),
        path=_next_child_path(Page, parent),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        locale=_locale(apps, language),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        **extra,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    return page


def _next_child_path(Page, parent) -> str:
    children = Page.objects.filter(
        depth=parent.depth + 1, path__startswith=parent.path
    ).order_by("-path")
    last = children.values_list("path", flat=True).first()
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step.rjust(STEPLEN, "0")


def _locale(apps, code):
    return apps.get_model("wagtailcore", "Locale").objects.get(language_code=code)


def _original(apps, app_label, model_name):
    model = apps.get_model(app_label, model_name)
    return model.objects.filter(locale__language_code=DEFAULT_LANGUAGE).first()


def _translation(apps, page, code):
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(
        translation_key=page.translation_key, locale__language_code=code
    ).first()


def ensure_root_collection(apps) -> None:
    Collection = apps.get_model("wagtailcore", "Collection")
    if not Collection.objects.filter(depth=1).exists():
        Collection.objects.create(name="Root", path="0001", depth=1, numchild=0)


def ensure_editorial_groups(apps) -> None:
    """Gives Editors the right to write lessons and glossary terms and Moderators
    the right to publish them (Wagtail creates both groups; a flushed database
    does not have them)."""
    editors = _group(apps, EDITORS)
    moderators = _group(apps, MODERATORS)
    _grant(apps, editors, EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS)
    _grant(
        apps, moderators, MODERATOR_PAGE_PERMISSIONS, MODERATOR_COLLECTION_PERMISSIONS
    )
    editors.permissions.add(*_permissions(apps, EDITOR_MODEL_PERMISSIONS))
    moderators.permissions.add(*_permissions(apps, MODERATOR_MODEL_PERMISSIONS))


def ensure_quiz_library_permissions(apps) -> None:
    """Lets Editors write library quizzes and Moderators publish them."""
    editors = _group(apps, EDITORS)
    moderators = _group(apps, MODERATORS)
    editors.permissions.add(*_permissions(apps, QUIZ_LIBRARY_EDITOR_PERMISSIONS))
    moderators.permissions.add(*_permissions(apps, QUIZ_LIBRARY_MODERATOR_PERMISSIONS))


def _group(apps, name):
    return apps.get_model("auth", "Group").objects.get_or_create(name=name)[0]


def _grant(apps, group, page_codenames, collection_permissions) -> None:
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    root = _root_page(apps)
    for codename in page_codenames:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=permission
        )
    collection = apps.get_model("wagtailcore", "Collection").objects.get(depth=1)
    for permission in _permissions(apps, collection_permissions):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _permissions(apps, specs):
    """Returns the permissions named by ``specs``, creating those Wagtail adds only
    after migrating (such as publishing a snippet)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, model, actions in specs:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        for action in actions:
            codename = action if "_" in action else f"{action}_{model}"
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": f"Can {action} {model}"},
            )
            found.append(permission)
    return found


def ensure_review_workflow(apps) -> None:
    """Creates the "Lesson review" workflow (Moderators approve) and assigns it to
    the lessons index of every language."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "active": True,
            "content_type": ContentType.objects.get_for_model(GroupApprovalTask),
        },
    )
    task.groups.add(_group(apps, MODERATORS))
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    LessonIndexPage = apps.get_model("lessons", "LessonIndexPage")
    for index in LessonIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(
            page_id=index.pk, defaults={"workflow": workflow}
        )
