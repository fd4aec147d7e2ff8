"""A realistic, seeded benchmark corpus of 财政项目支出绩效目标申报表 files.

The ingest benchmark needs 10,000 to 1,000,000 forms that look like the exports finance
bureaus receive, not copies of one sample: copies hash alike, parse alike and hide the
costs that real folders have (many formats, shifted rows, boilerplate copied between
projects, a few broken files).  ``generate_corpus`` writes such a folder tree:

- forms in the Shanghai template of the sample (``raw/000_…``), row for row: titles as
  plain text or wrapped in ``<p style="text-align: center;">``, 其中：/其中: labels, the
  four fund-block layouts, the indicator rows with blank (merged) level cells and rows
  shifted one or two cells left exactly as the sample prints them;
- 5–30 indicators per form over 成本/产出/效益/满意度 with the framework's 二级 names,
  varied 三级 names, Shanghai-style targets (``=100.00(%)``, ``≥90%``, ``=24.00(小时)``,
  ``≤30(天)``) and qualitative ones (及时, 提升, 建立健全, 稳定);
- exact two-decimal amounts that add up (项目资金总额 = 财政资金 + 其他资金, 年度资金申请总额 =
  当年财政拨款 + 上年结转资金 + 其他资金), about 10% of forms in 万元;
- fiscal years 2022–2026 with planned dates inside the year, a project name unique over
  the whole corpus (so every form is its own project in the warehouse);
- boilerplate: about 30% of forms belong to groups that share the same goal text, the
  same indicator block, or both, within one fiscal year; group sizes are heavy-tailed
  (Pareto) and the largest has min(10,000, forms // 10) members, so a review rule that
  self-joins equal goals meets a quadratic case;
- 1–20 forms per file (1–8 in workbooks: openpyxl writes a form in about 2.5 ms, ten
  times the rest of the generator), folders of up to 1,000 files per district and
  bureau; files are .txt (UTF-8, about 3% GB18030, 10% CRLF, 2% with BOM), ~2% .xlsx
  (one sheet per form or all stacked on one sheet, merged cells, some typed amounts and
  dates), ~2% .html; ~0.5% malformed files (empty, binary, text without a form, a form
  without 项目名称), which never count as forms.

Every rare kind is also placed among the first files, so a corpus of a few hundred forms
already holds each of them (the tests rely on it).  Everything comes from one
``random.Random(seed)`` and lists built once at import, files are written one at a time
and nothing of the corpus is kept, so a million forms take flat memory and the same
seed and size give byte-identical files (workbooks get fixed zip and document times).

``iter_corpus`` replays the plan without writing (what each file must load as);
``change_files`` rewrites a share of the files as corrections for incremental runs;
``floor_read_and_split`` is the cheapest full pass, the floor the ingest is compared to.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import os
import random
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
Cells = tuple[str, ...]  # one row of a form, WIDTH cells
Item = tuple[str, str, str]  # one indicator as written: (二级, 三级 name, target)
Block = tuple[list[Cells], tuple[Item, ...]]  # indicator header and rows, and their items

DEFAULT_SEED = 20261130
YEARS = (2022, 2023, 2024, 2025, 2026)
WIDTH = 7  # columns of the sample's rows
TITLE = "财政项目支出绩效目标申报表"
MAX_GROUP = 10_000
GROUP_SHARE = 0.30  # share of forms that belong to a boilerplate group
GROUP_ALPHA = 1.2  # Pareto tail of group sizes
MAX_FOLDER_FILES = 1_000
MALFORMED_KINDS = ("empty", "binary", "no-form", "no-name")
# The first files of every corpus: one of each rare kind (then the random mix).
EARLY_KINDS = ("txt", "xlsx", "html", "no-name", "xlsx-stacked", "gb18030", "empty", "crlf",
               "binary", "bom", "no-form")

# --- vocabulary, built once -------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """A vocabulary list written as one space-separated string (keeps the lists short)."""
    return tuple(text.split())


DISTRICTS = _words("黄浦区 徐汇区 长宁区 静安区 普陀区 虹口区 杨浦区 闵行区 宝山区 嘉定区 浦东新区 "
             "金山区 松江区 青浦区 奉贤区 崇明区")
BUREAUS: dict[str, tuple[str, ...]] = {
    "教育局": ("托育服务指导中心", "教育学院", "青少年活动中心", "实验小学", "第一中学",
             "幼儿园", "少年宫", "教育信息中心", "学生体育艺术科技教育中心", "中学"),
    "卫生健康委员会": ("社区卫生服务中心", "疾病预防控制中心", "妇幼保健所", "中心医院",
                 "精神卫生中心", "卫生健康监督所"),
    "民政局": ("社会福利院", "养老服务指导中心", "救助管理站", "婚姻登记中心", "殡葬管理所"),
    "残疾人联合会": ("残疾人就业服务中心", "阳光之家", "康复服务中心"),
    "绿化和市容管理局": ("绿化管理所", "环境卫生管理所", "城市公园管理处", "林业站"),
    "文化和旅游局": ("图书馆", "文化馆", "博物馆", "文物保护管理所", "旅游咨询中心"),
    "体育局": ("体育中心", "青少年业余体育学校", "全民健身指导中心"),
    "交通委员会": ("公路管理署", "交通运输执法大队", "公交客运管理所"),
    "生态环境局": ("环境监测站", "生态环境执法大队", "固体废物管理中心"),
    "市场监督管理局": ("食品药品检验所", "市场监管所", "消费者权益保护中心"),
    "人力资源和社会保障局": ("就业促进中心", "职业技能鉴定中心", "社会保险服务中心"),
    "农业农村委员会": ("农业技术推广中心", "动物疫病预防控制中心", "农村经营管理站"),
    "水务局": ("水务管理所", "河道管理所", "排水管理所"),
    "应急管理局": ("应急救援指挥中心", "安全生产监察大队"),
    "司法局": ("公共法律服务中心", "人民调解指导中心", "司法所"),
    "退役军人事务局": ("退役军人服务中心", "军休所"),
    "医疗保障局": ("医疗保险事务中心", "医保基金监督所"),
    "规划和自然资源局": ("土地储备中心", "测绘管理所", "自然资源执法大队"),
    "财政局": ("财政事务管理中心", "政府采购中心"),
    "科学技术委员会": ("科技创业中心", "科技情报所"),
}
BUREAU_NAMES = tuple(BUREAUS)
PLACES = _words("莘庄 七宝 古美 江川 颛桥 华漕 虹桥 梅陇 吴泾 马桥 浦江 新虹 江桥 南翔 安亭 徐泾 "
          "赵巷 朱家角 泗泾 九亭 洞泾 枫泾 朱泾 庄行 海湾 城桥 堡镇 陈家镇 罗店 大场 顾村 "
          "真如 长征 曹杨 石门 天目 曲阳 殷行 五角场 新华 天平 龙华 康健 花木 张江 川沙 "
          "惠南 周浦 唐镇 高桥 金桥 三林 北蔡")

# Project names: qualifier + topic + kind + phase, read in mixed radix (see _project_name).
NAME_QUALIFIERS = ("", "区级", "全区", "社区", "街镇", "校园", "智慧", "数字化", "标准化",
                   "公共", "重点", "基层", "城乡", "老旧", "应急", "区域", "综合", "专项",
                   "示范", "便民", "精细化", "网格化", "市级", "跨区域", "一体化", "规范化",
                   "信息化", "常态化", "第三方", "政府购买", "青少年", "老年", "特殊群体",
                   "困难群众", "新建", "续建", "提标", "扩容", "升级", "集中")
NAME_TOPICS = _words(
    "托育服务 视频监控平台 残疾人就业保障 教育综合改革 校舍维修 食品安全抽检 垃圾分类 "
    "河道保洁 绿化养护 健康体检 疫苗接种 信息系统运维 档案数字化 安全生产检查 养老服务 "
    "法律援助 文化惠民演出 全民健身 农村道路养护 消防设施维护 公共卫生应急 家庭医生签约 "
    "心理健康服务 就业技能培训 创业孵化 退役军人帮扶 医保基金监管 土地储备 测绘地理信息 "
    "科技创新券 政府采购管理 财政票据管理 图书馆数字资源 文物保护修缮 旅游公共服务 "
    "体育场馆运营 青少年体育训练 公交线路补贴 交通执法装备 环境空气监测 水质自动监测 "
    "固体废物处置 排水设施养护 防汛物资储备 应急救援演练 人民调解 社区矫正 婚姻登记服务 "
    "救助管理 殡葬惠民 社会福利保障 康复辅具配置 阳光之家运营 妇幼健康管理 精神卫生防治 "
    "卫生监督执法 市场秩序监管 消费维权 计量检定 特种设备检验 农业技术推广 动物疫病防控 "
    "农村经营管理 城市公园管理 林业有害生物防治 环卫作业 公厕运维 数据中心运维 "
    "网络安全等级保护 政务服务大厅运行 热线服务 舆情监测 课后服务 学生营养餐 "
    "教师专业发展 特殊教育 学前教育 职业教育实训 社区学校 老年大学 少年宫活动 科普宣传 "
    "志愿服务 社会组织培育 基层治理 网格管理 住房保障 物业管理监督 "
    "燃气安全检查 电梯安全监测 建筑工地扬尘监控 噪声监测 土壤污染调查 生物多样性保护")
NAME_KINDS = ("项目", "经费", "专项经费", "运维项目", "建设项目", "补助资金", "购买服务项目",
              "设备购置", "改造工程", "平台运维", "服务项目", "整体服务项目", "能力提升项目",
              "日常运行经费", "宣传经费", "培训项目", "试点项目", "保障经费", "工作经费",
              "奖补资金", "监测项目", "管理经费", "配套资金", "系统建设", "专项补贴")
NAME_PHASES = ("", "(一期)", "(二期)", "(三期)", "(市拨专项)", "({year}运维)",
               "(第二年)", "(第三年)", "(续建)", "(新增)", "(区级配套)", "(一三年)(第二年)",
               "({year}年度)", "(中央补助)")
NAME_CAPACITY = len(NAME_QUALIFIERS) * len(NAME_TOPICS) * len(NAME_KINDS) * len(NAME_PHASES)
# A multiplier coprime to the capacity makes g -> g * M + offset a permutation of names.
NAME_MULTIPLIER = next(m for m in range(1_000_003, 2_000_000, 2)
                       if math.gcd(m, NAME_CAPACITY) == 1)

NATURES = ("经常性项目", "经常性项目", "经常性项目", "阶段性项目", "一次性项目")
CATEGORIES = ("特定目标类", "特定目标类", "其他运转类", "特定目标类", "公用经费类")
FUND_COLONS = ("其中：", "其中: ", "其中：", "其中:")
FUND_UNITS = {"元": ("项目资金 (元)", "项目资金（元）"),
              "万元": ("项目资金 (万元)", "项目资金（万元）")}
TARGET_HEADERS = ("年度(/项目)指标值", "年度(/项目) 指标值")
P_CENTER = '<p style="text-align: center;">{}</p>'

SUBJECTS = _words("托育机构 社区 学校 养老机构 医疗机构 河道 公园 企业 街镇 居民区 困难家庭 残疾人 "
            "老年人 青少年 退役军人 农户 小微企业 文化场馆 体育场地 档案 信息系统 视频点位 "
            "公交站点 垃圾分类点 食品经营单位 特种设备 消防设施 志愿者 社会组织 村居委会 平台 "
            "服务站点 监测站点 培训班 课程 讲座 体检 项目 设备 网点 窗口 热线 数据 家庭医生 "
            "幼儿 学生 教师 患者 商户 工地 电梯 燃气用户 绿地 道路 桥梁 泵站 公厕")
PEOPLE = _words("服务对象 社会公众 家长 学生 患者 居民 管理部门 机构 培训人员 企业 老年人 残疾人 "
          "参训人员 群众 游客 使用单位 教师 村民 商户 主管部门 社会公众、家长 托育机构 "
          "参与人员 服务单位")

_COUNT_VALUES = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 25, 30, 40, 50, 60, 80, 100, 120,
                 150, 200, 240, 300, 500, 800, 1000, 1200, 2000, 5000)
_COUNT_FORMATS = ("={}.00({})", "≥{}.00({})", "={}({})", "≥{}({})", "={}.00 ({})")


def _counts(unit: str) -> tuple[str, ...]:
    return tuple(f.format(v, unit) for v in _COUNT_VALUES for f in _COUNT_FORMATS)


TARGETS: dict[str, tuple[str, ...]] = {
    "rate": ("=100.00(%)", "100%", "≥95%", "≥98.00(%)", "=100 (%)", "≥85.00 (%)",
             "≥90.00(%)", "≥90%", "≥95.00(%)", "=100.00 (%)", "≥80.00(%)", "≥99%"),
    "hours": ("=24.00(小时)", "≤24(小时)", "≤2.00(小时)", "≤48(小时)", "=4.00(小时)"),
    "days": ("≤30(天)", "≤15(天)", "=7.00(天)", "≤60(天)", "≤5(个工作日)", "≤90(天)"),
    "timely": ("及时", "及时", "按时", "及时"),
    "quality": ("合规", "稳定", "高", "达标", "正常运转", "可控", "良好"),
    "benefit": ("提升", "有效提升", "明显改善", "稳定", "保障", "强化", "切实满足", "放心",
                "更加放心", "持续改善"),
    "sustain": ("建立健全", "建立健全", "健全", "持续", "稳定"),
    "cost": (*(f"≤{v}.00(万元)" for v in (2, 5, 8, 10, 16, 20, 30, 50, 80, 100, 150, 200)),
             "≤560元/人/天", "≤1500(元/台)", "≤200(元/人)", "≤100%", "≤3000(元/次)"),
    "satisfaction": ("≥90%", "≥90.00(%)", "≥85.00 (%)", "≥90 (%)", "≥95.00(%)", "≥95%",
                     "≥92%", "≥80.00(%)"),
    **{unit: _counts(unit) for unit in ("个", "人次", "次", "家", "场", "户", "台(套)", "人",
                                       "项", "份", "万元")},
}
# 二级 -> measures (suffix of the 三级 name, kind of target).
MEASURES: dict[str, tuple[tuple[str, str], ...]] = {
    "数量指标": (("覆盖数量", "个"), ("培训人次", "人次"), ("服务人次", "人次"),
             ("检查次数", "次"), ("评估数量", "家"), ("维护次数", "次"), ("宣传场次", "场"),
             ("走访户数", "户"), ("覆盖率", "rate"), ("完成率", "rate"), ("建设数量", "个"),
             ("采购数量", "台(套)"), ("工作完成率", "rate"), ("受益人数", "人")),
    "质量指标": (("验收合格率", "rate"), ("达标率", "rate"), ("准确率", "rate"),
             ("合规性", "quality"), ("运行稳定性", "quality"), ("问题整改率", "rate"),
             ("数据完整率", "rate"), ("服务质量", "quality"), ("抽检合格率", "rate")),
    "时效指标": (("工作完成及时性", "timely"), ("问题响应时间", "hours"),
             ("整改完成时限", "days"), ("资金拨付及时率", "rate"), ("报告提交时间", "days"),
             ("上线及时性", "timely")),
    "经济成本指标": (("运行成本", "cost"), ("人均服务成本", "cost"), ("单位维护成本", "cost"),
               ("采购成本控制率", "cost")),
    "社会效益指标": (("服务能力", "benefit"), ("群众获得感", "benefit"), ("知晓率", "rate"),
               ("管理水平", "benefit"), ("安全保障水平", "benefit"), ("参与度", "rate"),
               ("规范化水平", "benefit"), ("政策兑现率", "rate")),
    "经济效益指标": (("带动就业人数", "人"), ("节约运行费用", "万元"), ("经济效益", "benefit")),
    "生态效益指标": (("环境质量", "benefit"), ("绿化覆盖率", "rate"), ("污染排放", "quality")),
    "可持续影响指标": (("长效运行机制", "sustain"), ("持续发挥作用", "sustain"),
                 ("制度建设", "sustain")),
}
LEVEL1_OF = {"经济成本指标": "成本指标", "数量指标": "产出指标", "质量指标": "产出指标",
             "时效指标": "产出指标", "经济效益指标": "效益指标", "社会效益指标": "效益指标",
             "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
             "服务对象满意度指标": "满意度指标"}
LEVEL2_ORDER = tuple(LEVEL1_OF)
# Indicator names with their target lists, per 二级: pick one by index, no formatting later.
NAMES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    level2: tuple((s + m, TARGETS[kind]) for s in SUBJECTS for m, kind in measures)
    for level2, measures in MEASURES.items()
}
# the boilerplate one: in about half of the forms that have a 可持续影响 indicator
_BOILERPLATE_NAME = ("长效管理机制健全性", ("建立健全",))
NAMES["可持续影响指标"] = (*NAMES["可持续影响指标"], *(_BOILERPLATE_NAME,) * 200)
NAMES["服务对象满意度指标"] = (*((p + "满意度", TARGETS["satisfaction"]) for p in PEOPLE),
                              ("服务对象满意度指标", TARGETS["satisfaction"]))
# Weights of the 二级 that get the indicators beyond each form's minimum.
_EXTRA_WEIGHTS = (("数量指标", 30), ("质量指标", 20), ("时效指标", 8), ("社会效益指标", 20),
                  ("经济效益指标", 5), ("生态效益指标", 3), ("可持续影响指标", 4),
                  ("服务对象满意度指标", 6), ("经济成本指标", 4))
_EXTRA_TABLE = tuple(name for name, weight in _EXTRA_WEIGHTS for _ in range(weight))
# 二级 most forms have besides 数量, 社会效益 and 满意度, with the share of forms having one.
_USUAL_LEVELS = (("质量指标", 0.9), ("时效指标", 0.8), ("可持续影响指标", 0.85),
                 ("经济成本指标", 0.5))

LAWS = ("《残疾人保障法》", "《预算法》", "《学前教育法》", "《基本医疗卫生与健康促进法》",
        "《安全生产法》", "《环境保护法》", "《公共文化服务保障法》", "《全民健身条例》",
        "《老年人权益保障法》", "《就业促进法》", "区委区政府工作部署", "年度重点工作计划")
GOAL_VERBS = ("完成", "推进", "保障", "提升", "落实", "强化", "规范", "优化", "健全", "做好")
GOAL_AIMS = ("服务质量和效率", "群众满意度和获得感", "管理的规范化和精细化水平",
             "资金使用效益", "基础设施运行安全", "公共服务均等化水平", "应急处置能力",
             "监管覆盖面和有效性", "信息化支撑能力", "长效管理机制")
GOAL_STEPS = ("项目按计划完成并通过验收合格", "资金使用合规率100%、政府采购合规比100%",
              "建设进度与计划相符", "服务对象覆盖率达到100%", "全年无重大安全责任事故",
              "用户满意度达到90%以上", "问题整改率达到100%", "按季度开展督导检查",
              "形成各部门融合互动的综合监管和服务机制", "确保系统全年稳定运行且无故障")


# --- records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    """What ``generate_corpus`` wrote."""

    root: Path
    files: int  # files written
    forms: int  # well-formed forms written (the ones that must load)
    malformed_files: int
    bytes: int


@dataclass(slots=True)
class FormSpec:
    """One form as written: the rows, and what a correct parser must read back."""

    project_name: str
    implementing_unit: str
    fiscal_year: int
    money_unit: str  # 元 or 万元, as the funds label prints it
    funds_fen: dict[str, int]  # fund item (records.FUND_ITEMS names) -> amount in fen
    indicators: tuple[Item, ...]  # in form order
    group: int | None  # boilerplate group, None for a form with its own goal and indicators
    title_style: int
    rows: list[Cells]  # the form's rows after its title


@dataclass(slots=True)
class FileSpec:
    """One file of the corpus: where, in which format, and the forms it holds."""

    path: str  # relative, forward slashes
    kind: str  # txt, gb18030, crlf, bom, xlsx, xlsx-stacked, html, or a MALFORMED_KIND
    forms: list[FormSpec] = field(default_factory=list)
    seed: int = 0  # per-file seed for bytes that are not forms (binary garbage)
    typed: bool = False  # xlsx: amounts and dates as typed cells

    @property
    def malformed(self) -> bool:
        return self.kind in MALFORMED_KINDS

    @property
    def expected_forms(self) -> list[FormSpec]:
        """The forms that must load from this file (none from a malformed file)."""
        return [] if self.malformed else self.forms


@dataclass(slots=True)
class _Group:
    """A boilerplate group being emitted: its members share year, goal and/or indicators."""

    number: int
    remaining: int
    year: int
    goal: str | None
    indicators: Block | None


@dataclass(slots=True)
class _Folder:
    path: str
    department: str
    units: list[str]
    files: int


# --- the planner ----------------------------------------------------------------------------


class _Planner:
    """Decides every file and form in order from one random stream; holds no corpus."""

    def __init__(self, forms: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.r: Callable[[], float] = self.rng.random
        self.total = forms
        self.emitted = 0
        self.sizes = group_sizes(forms, self.rng)
        self.next_group = 0
        self.singles = forms - sum(self.sizes)
        self.group: _Group | None = None
        self.largest = self.sizes.index(max(self.sizes)) if self.sizes else -1
        self.name_offset = self.rng.randrange(NAME_CAPACITY)
        self.extra_names = 0

    def pick(self, items: Sequence[T]) -> T:
        """One item, chosen with a single random() (cheaper than Random.choice)."""
        return items[int(self.r() * len(items))]

    # files and folders

    def files(self) -> Iterator[FileSpec]:
        number = 0
        while self.emitted < self.total:
            folder = self._folder(number)
            for _ in range(folder.files):
                if self.emitted >= self.total:
                    return
                yield self._file(folder, number)
                number += 1

    def _folder(self, number: int) -> _Folder:
        district, bureau = self.pick(DISTRICTS), self.pick(BUREAU_NAMES)
        files = 1 + int(MAX_FOLDER_FILES * self.r() ** 2)
        units = [self._unit(district, bureau) for _ in range(max(1, files // 4))]
        department = f"{district}{bureau}" + ("(汇总)" if self.r() < 0.4 else "")
        return _Folder(f"{district}/{bureau}_{number:07d}", department, units, files)

    def _unit(self, district: str, bureau: str) -> str:
        kind = self.pick(BUREAUS[bureau])
        place = self.pick(PLACES) if self.r() < 0.6 else ""
        return f"上海市{district}{place}{kind}"

    def _kind(self, number: int) -> str:
        if number < len(EARLY_KINDS):
            return EARLY_KINDS[number]
        r = self.r()
        if r < 0.005:
            return MALFORMED_KINDS[int(r / 0.005 * len(MALFORMED_KINDS))]
        for limit, kind in ((0.015, "xlsx"), (0.025, "xlsx-stacked"), (0.045, "html"),
                            (0.075, "gb18030"), (0.175, "crlf"), (0.195, "bom")):
            if r < limit:
                return kind
        return "txt"

    def _file(self, folder: _Folder, number: int) -> FileSpec:
        kind = self._kind(number)
        unit = self.pick(folder.units)
        year = self.pick(YEARS)
        spec = FileSpec(self._file_name(folder, number, unit, year, kind), kind,
                        seed=self.rng.getrandbits(32), typed=self.r() < 0.5)
        if kind == "no-name":
            form = self._form(unit, folder.department, year, standalone=True)
            form.rows[0] = ("项目名称", "", "", *form.rows[0][3:])
            spec.forms.append(form)
        elif kind not in MALFORMED_KINDS:
            most = 8 if kind.startswith("xlsx") else 20  # workbooks are slow to write
            count = min(1 + int(most * self.r() ** 1.5), most, self.total - self.emitted)
            spec.forms = [self._form(unit, folder.department, year) for _ in range(count)]
        return spec

    def _file_name(self, folder: _Folder, number: int, unit: str, year: int, kind: str) -> str:
        suffix = {"xlsx": "xlsx", "xlsx-stacked": "xlsx", "html": "html"}.get(kind, "txt")
        short = unit.removeprefix("上海市")
        if kind == "no-form":
            stem = f"{number:07d}_{short}_说明"
        elif self.r() < 0.2:
            stem = f"{number:07d} {short} {year}年 绩效目标申报表 (导出)"
        else:
            stem = f"{number:07d}_{short}_{year}年度项目绩效目标"
        return f"{folder.path}/{stem}.{suffix}"

    # forms

    def _take_group(self) -> _Group | None:
        """The group the next form belongs to, or None: groups and single forms are
        interleaved uniformly at random, a group's members one after another."""
        if self.group is not None and self.group.remaining > 0:
            self.group.remaining -= 1
            return self.group
        groups_left = len(self.sizes) - self.next_group
        if groups_left and self.r() * (groups_left + self.singles) < groups_left:
            size = self.sizes[self.next_group]
            self.group = self._new_group(self.next_group, size)
            self.next_group += 1
            return self.group
        self.singles -= 1
        return None

    def _new_group(self, number: int, size: int) -> _Group:
        share = self.r()
        if number == self.largest:
            share = 0.9  # the largest group shares its goal (and its indicators)
        goal = self._goal(None) if share < 0.7 or share > 0.85 else None
        indicators = self._indicator_block() if share > 0.4 else None
        return _Group(number, size - 1, self.pick(YEARS), goal, indicators)

    def _form(self, unit: str, department: str, file_year: int,
              standalone: bool = False) -> FormSpec:
        group = None if standalone else self._take_group()
        year = group.year if group else file_year
        if standalone:
            name = self._project_name(self.total + self.extra_names, year)
            self.extra_names += 1
        else:
            name = self._project_name(self.emitted, year)
            self.emitted += 1
        money = "万元" if self.r() < 0.1 else "元"
        funds = self._funds(money)
        goal = group.goal if group and group.goal else self._goal(name)
        annual_goal = goal if (group and group.goal) or self.r() < 0.7 else self._goal(name)
        block, items = group.indicators if group and group.indicators else self._indicator_block()
        rows = [*self._header(name, department, unit, year), *self._fund_rows(money, funds),
                *self._goal_rows(year, goal, annual_goal), *block]
        return FormSpec(name, unit, year, money, funds, items, group.number if group else None,
                        int(self.r() * 3), rows)

    def _project_name(self, g: int, year: int) -> str:
        """Unique for every g: an affine permutation of g read as mixed-radix digits."""
        index = (g * NAME_MULTIPLIER + self.name_offset) % NAME_CAPACITY
        index, q = divmod(index, len(NAME_QUALIFIERS))
        index, t = divmod(index, len(NAME_TOPICS))
        p, k = divmod(index, len(NAME_KINDS))
        name = NAME_QUALIFIERS[q] + NAME_TOPICS[t] + NAME_KINDS[k]
        name += NAME_PHASES[p].replace("{year}", str(year))
        return name if g < NAME_CAPACITY else f"{name}（{g // NAME_CAPACITY + 1}）"

    def _header(self, name: str, department: str, unit: str, year: int) -> list[Cells]:
        start = f"{year}-01-01" if self.r() < 0.85 else f"{year}-0{2 + int(self.r() * 5)}-01"
        end = f"{year}-12-31" if self.r() < 0.85 else f"{year}-{self.pick(_MONTH_ENDS)}"
        return [
            ("项目名称", name, "", "项目性质", self.pick(NATURES), "项目类别",
             self.pick(CATEGORIES)),
            ("主管部门", department, "", "实施单位", unit, "", ""),
            ("计划开始日期", start, "", "计划完成日期", end, "", ""),
        ]

    def _funds(self, money: str) -> dict[str, int]:
        """Fund items in fen that add up; 万元 forms in whole hundreds of 元 (2 decimals)."""
        r = self.r
        step = 10_000 if money == "万元" else (1 if r() < 0.3 else 100)
        total = max(1, int(10 ** (3.7 + 4.0 * r()) * 100) // step)
        other = int(total * (0.1 + 0.3 * r())) if r() < 0.2 else 0
        annual = total if r() < 0.85 else max(1, int(total * (0.3 + 0.6 * r())))
        annual_other = min(other, annual)
        carry = int((annual - annual_other) * 0.3 * r()) if r() < 0.15 else 0
        items = {"total": total, "fiscal": total - other, "other": other,
                 "annual_total": annual, "annual_appropriation": annual - carry - annual_other,
                 "carryover": carry, "annual_other": annual_other}
        return {item: amount * step for item, amount in items.items()}

    def _fund_rows(self, money: str, funds: dict[str, int]) -> list[Cells]:
        """The four fund rows in one of the sample's four layouts."""
        def fmt(item: str) -> str:
            return format_amount(funds[item], money)

        label = FUND_UNITS[money][self.r() < 0.3]
        colon = self.pick(FUND_COLONS)
        other = fmt("other") if funds["other"] or self.r() < 0.3 else ""
        total, fiscal, annual = fmt("total"), fmt("fiscal"), fmt("annual_total")
        approp, carry, a_other = (fmt("annual_appropriation"), fmt("carryover"),
                                  fmt("annual_other"))
        layout = int(self.r() * 4)
        if layout == 3:  # compact (sample form 2): values right beside their labels
            return [(label, "项目资金总额", total, "年度资金申请总额", annual, "", ""),
                    ("", f"{colon}财政资金", fiscal, f"{colon}当年财政拨款", approp, "", ""),
                    ("", "其他资金", other, "上年结转资金", carry, "", ""),
                    ("", "其他资金", "", "其他资金", a_other, "", "")]
        first = [(label, "项目资金总额", "", total, "年度资金申请总额", "", annual),
                 ("", f"{colon}财政资金", "", fiscal, f"{colon}当年财政拨款", "", approp)]
        if layout == 0:  # sample form 1
            return [*first, ("", "", "", "", "上年结转资金", "", carry),
                    ("", "其他资金", "", other, "其他资金", "", a_other)]
        third = ("", "其他资金", "", other, "上年结转资金", "", carry)
        if layout == 1:  # sample forms 3 and 4: the last label one cell left
            return [*first, third, ("", "", "", "其他资金", "", a_other, "")]
        return [*first, third, ("", "", "", "", "其他资金", "", a_other)]  # sample form 5

    def _goal_rows(self, year: int, goal: str, annual: str) -> list[Cells]:
        period = f"项目总目标 ({year}年 -{year}年)" if self.r() < 0.7 else \
            f"项目总目标 ({year}年-{year}年)"
        if self.r() < 0.25:  # sample form 2
            return [("项目 绩效 目标", period, "", "年度总体目标", "", "", ""),
                    ("", goal, "", annual, "", "", "")]
        return [("项目 绩效 目标", period, "", "", "年度总体目标", "", ""),
                ("", goal, "", "", annual, "", "")]

    def _goal(self, name: str | None) -> str:
        """A goal text: unique when it names the project, shared boilerplate otherwise."""
        r, pick = self.r, self.pick
        head = f"根据{pick(LAWS)}，" if r() < 0.5 else ""
        subject = f"通过实施{name}，" if name else f"{pick(GOAL_VERBS)}{pick(NAME_TOPICS)}工作，"
        parts = [f"{head}{subject}{pick(GOAL_VERBS)}{pick(SUBJECTS)}{pick(NAME_TOPICS)}，"
                 f"提升{pick(GOAL_AIMS)}。"]
        for i in range(int(r() * 4)):
            parts.append(f"{i + 1}、{pick(GOAL_STEPS)}；")
        if r() < 0.2:
            return " ".join(f"<p>{p}</p>" for p in parts)
        return "".join(parts)

    # indicators

    def _allocation(self) -> list[tuple[str, int]]:
        """(二级, count) in form order: 5–30 indicators, each form with 数量, 社会效益 and
        满意度, most with 质量, 时效 and 可持续影响, some with 成本."""
        r = self.r
        n = 5 + int(26 * r() ** 2)
        counts = dict.fromkeys(LEVEL2_ORDER, 0)
        counts["数量指标"] = counts["社会效益指标"] = counts["服务对象满意度指标"] = 1
        total = 3
        for level2, share in _USUAL_LEVELS:
            if total < n and r() < share:
                counts[level2] = 1
                total += 1
        extra, size = _EXTRA_TABLE, len(_EXTRA_TABLE)
        for _ in range(n - total):
            counts[extra[int(r() * size)]] += 1
        return [(level2, c) for level2, c in counts.items() if c]

    def _indicator_block(self) -> Block:
        """Header row and indicator rows in the sample's shapes, and what they declare."""
        r, pick = self.r, self.pick
        marker_in_header = r() < 0.5
        head = "绩效指标" if marker_in_header else ""
        rows = [(head, "一级指标", "二级指标", "三级指标", "", pick(TARGET_HEADERS), "")]
        marker = "" if marker_in_header else "绩效指标"
        level1 = None
        items: list[Item] = []
        row, add_row, add_item = self._indicator_row, rows.append, items.append
        for level2, n in self._allocation():
            names = NAMES[level2]
            size = len(names)
            for i in range(n):
                name, targets = names[int(r() * size)]
                target = targets[int(r() * len(targets))]
                add_row(row(marker, level1, level2, i, name, target))
                add_item((level2, name, target))
                marker = ""
            level1 = LEVEL1_OF[level2]
        return rows, tuple(items)

    def _indicator_row(self, marker: str, level1: str | None, level2: str, i: int,
                       name: str, target: str) -> Cells:
        """One row: levels written when they change, blank when carried (merged cells);
        some rows shifted left as the sample's export prints them."""
        new_level1 = LEVEL1_OF[level2]
        s = self.r()
        if new_level1 == "满意度指标":
            if i == 0:
                if s < 0.4:  # sample line 22
                    return ("满意度指标", level2, "", name, "", target, "")
                if s < 0.8:  # sample lines 43, 64, 84, 110
                    return ("满意度指标", level2, name, "", target, "", "")
                return (marker, "满意度指标", level2, name, "", target, "")
            if s < 0.5:  # sample lines 85, 111
                return ("", "", name, "", target, "", "")
            return ("", "", "", name, "", target, "")
        if i == 0 and new_level1 != level1:
            return (marker, new_level1, level2, name, "", target, "")
        if i == 0:
            if s < 0.2:  # sample lines 42, 105: 二级 and name one cell left
                return ("", level2, name, "", target, "", "")
            return ("", "", level2, name, "", target, "")
        if s < 0.08:  # sample line 61: name two cells left under carried levels
            return ("", name, "", target, "", "", "")
        if s < 0.12:
            return ("", "", name, "", target, "", "")
        return ("", "", "", name, "", target, "")


_MONTH_ENDS = ("06-30", "08-31", "09-30", "10-31", "11-30", "12-31", "12-31")


def group_sizes(forms: int, rng: random.Random) -> list[int]:
    """Heavy-tailed boilerplate group sizes: one largest group of min(MAX_GROUP, forms //
    10) members, the rest Pareto(GROUP_ALPHA) from 2, about GROUP_SHARE of all forms."""
    largest = min(MAX_GROUP, forms // 10)
    if largest < 2:
        return []
    sizes = [largest]
    budget = int(forms * GROUP_SHARE) - largest
    while budget >= 2:
        size = min(largest, budget, int(2 / (1.0 - rng.random()) ** (1 / GROUP_ALPHA)))
        sizes.append(size)
        budget -= size
    rng.shuffle(sizes)
    return sizes


def name_collisions(year: int) -> list[str]:
    """Project names that two different vocabulary picks would both spell (none, when
    ``_project_name`` is unique as it claims).

    A name is head (qualifier + topic) + tail (kind + phase).  Two picks spell the same
    name only if two heads or two tails are equal, or a tail is another tail with a
    leading piece that could instead end a head which is another head plus that piece.
    """
    heads = [q + t for q in NAME_QUALIFIERS for t in NAME_TOPICS]
    tails = [k + p.replace("{year}", str(year)) for k in NAME_KINDS for p in NAME_PHASES]
    found = [text for part in (heads, tails) for text, n in Counter(part).items() if n > 1]
    head_set = set(heads)
    pieces = {a[: len(a) - len(b)] for a in tails for b in tails if a != b and a.endswith(b)}
    found += [f"{head}|{piece}" for head in head_set for piece in pieces
              if head.endswith(piece) and head[: -len(piece)] in head_set]
    return found


def format_amount(fen: int, money: str) -> str:
    """``1104384`` fen -> ``11,043.84`` (元) or ``1.10`` (万元, whole hundreds of 元)."""
    cents = fen if money == "元" else fen // 10_000
    return f"{cents // 100:,}.{cents % 100:02d}"


def iter_corpus(forms: int, seed: int = DEFAULT_SEED) -> Iterator[FileSpec]:
    """Every file of the corpus in order, without writing: what ``generate_corpus`` writes
    and what a test expects the parser to read back."""
    if forms < 1:
        raise ValueError("a corpus needs at least one form")
    return _Planner(forms, seed).files()


# --- rendering ------------------------------------------------------------------------------


def _title_lines(form: FormSpec) -> list[str]:
    year = f"({form.fiscal_year}年度)"
    if form.title_style == 0:
        return [P_CENTER.format(TITLE), P_CENTER.format(year)]
    if form.title_style == 1:
        return [TITLE, year]
    return [f"{P_CENTER.format(TITLE)} {P_CENTER.format(year)}"]


_PAD = "\t" * (WIDTH - 1)


def render_text(spec: FileSpec) -> bytes:
    """Tab-separated export like the sample: blank lines between forms, UTF-8 or GB18030,
    LF or CRLF, optionally with a BOM."""
    lines = [""] * (len(spec.path) % 3)  # some exports start with blank lines
    for form in spec.forms:
        lines += [t + _PAD for t in _title_lines(form)]
        lines += ["\t".join(row) for row in form.rows]
        lines.append("")
    newline = "\r\n" if spec.kind == "crlf" else "\n"
    text = newline.join(lines)
    if spec.kind == "gb18030":
        return text.encode("gb18030")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if spec.kind == "bom" else data


def _html_cell(text: str) -> str:
    """A cell's HTML: goal paragraphs (``<p>…</p>``) are markup already, the rest is text."""
    return text if text.startswith("<p>") else html.escape(text, quote=False)


def render_html(spec: FileSpec) -> bytes:
    """A page with the title lines as paragraphs and one ``<table>`` per form."""
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>项目绩效目标</title>'
           "</head><body>"]
    for form in spec.forms:
        styled = form.title_style != 1
        for line in (TITLE, f"({form.fiscal_year}年度)"):
            out.append(P_CENTER.format(line) if styled else f"<p>{line}</p>")
        out.append('<table border="1">')
        out += ["<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in row) + "</tr>"
                for row in form.rows]
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out).encode("utf-8")


_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _sheet_rows(form: FormSpec) -> list[Cells]:
    return [(TITLE,), (f"({form.fiscal_year}年度)",), *form.rows]


def _merges(rows: list[Cells], top: int) -> list[str]:
    """Merged ranges as a workbook export draws them: titles across the form, and label
    and level cells (first three columns) down over the blank cells below them."""
    ranges = [f"A{top}:G{top}", f"A{top + 1}:G{top + 1}"]
    for col, letter in enumerate("ABC"):
        r = 2
        while r < len(rows):
            if not rows[r][col]:
                r += 1
                continue
            end = r
            while end + 1 < len(rows) and not rows[end + 1][col]:
                end += 1
            if end > r:
                ranges.append(f"{letter}{top + r}:{letter}{top + end}")
            r = end + 1
    return ranges


def _xl_value(sheet: object, text: str, typed: bool, money: str) -> object:
    """A cell value: text stays text (``=100.00(%)`` is no formula); with ``typed``,
    amounts of 元 forms as numbers and dates as dates, as a person types them."""
    from openpyxl.cell import WriteOnlyCell

    if not text:
        return None
    if typed and money == "元" and _AMOUNT.match(text):
        cell = WriteOnlyCell(sheet, float(text.replace(",", "")))
        cell.number_format = "#,##0.00"
        return cell
    if typed and _DAY.match(text):
        return dt.date.fromisoformat(text)
    if text[0] == "=":
        cell = WriteOnlyCell(sheet, text)
        cell.data_type = "s"
        return cell
    return text


def render_xlsx(spec: FileSpec) -> bytes:
    """A workbook (openpyxl, write-only for speed): one sheet per form, or every form on one
    sheet with a blank row between them; merged title, label and level cells."""
    import openpyxl
    from openpyxl.worksheet.cell_range import CellRange

    book = openpyxl.Workbook(write_only=True)
    sheet = None
    top = 1
    for i, form in enumerate(spec.forms, start=1):
        if sheet is None or spec.kind != "xlsx-stacked":
            sheet = book.create_sheet("全部" if spec.kind == "xlsx-stacked" else f"表{i}")
            top = 1
        rows = _sheet_rows(form)
        for row in rows:
            sheet.append([_xl_value(sheet, c, spec.typed, form.money_unit) for c in row])
        for ref in _merges(rows, top):
            sheet.merged_cells.ranges.add(CellRange(ref))  # .add() would rescan every range
        top += len(rows) + 1
        sheet.append([])
    return save_workbook(book)


_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


class _StableZip(zipfile.ZipFile):
    """A zip whose members carry a fixed time stamp: openpyxl stamps them with the
    current time (and sheet files with their temp file's mtime), which would make the
    same workbook differ byte-wise from run to run."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: bytes | str,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: str | os.PathLike[str], arcname: str | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.fspath(filename), handle.read(), compress_type,
                          compresslevel)


def save_workbook(book: object) -> bytes:
    """The workbook's bytes, identical for identical content (fixed document and member
    times), unlike ``Workbook.save``."""
    from openpyxl.writer.excel import ExcelWriter

    stamp = dt.datetime(*_ZIP_TIME)
    book.properties.created = book.properties.modified = stamp  # type: ignore[attr-defined]
    out = io.BytesIO()
    ExcelWriter(book, _StableZip(out, "w", zipfile.ZIP_DEFLATED)).save()
    return out.getvalue()


NO_FORM_TEXT = ("{unit}\n2025年部门预算项目支出明细\n序号\t项目\t金额（元）\n1\t日常公用经费\t"
                "120,000.00\n2\t设备维护\t35,000.00\n说明：本文件为预算明细，不含申报内容。\n")


def render(spec: FileSpec) -> bytes:
    """The bytes of one file."""
    if spec.kind == "empty":
        return b""
    if spec.kind == "binary":
        garbage = random.Random(spec.seed).getrandbits(8 * 2048).to_bytes(2048, "little")
        return b"\x00\x00\x17\x03" + garbage
    if spec.kind == "no-form":
        return NO_FORM_TEXT.format(unit=spec.path.rsplit("/", 1)[-1]).encode("utf-8")
    if spec.kind in ("xlsx", "xlsx-stacked"):
        return render_xlsx(spec)
    if spec.kind == "html":
        return render_html(spec)
    return render_text(spec)


# --- the API --------------------------------------------------------------------------------


def generate_corpus(root: Path, forms: int, seed: int = DEFAULT_SEED) -> Corpus:
    """Write the corpus of ``forms`` well-formed forms under ``root``, file by file."""
    files = malformed = written = loaded = 0
    folder = None
    for spec in iter_corpus(forms, seed):
        path = root / spec.path
        if path.parent != folder:  # a folder's files come one after another
            folder = path.parent
            folder.mkdir(parents=True, exist_ok=True)
        data = render(spec)
        path.write_bytes(data)
        files += 1
        written += len(data)
        malformed += spec.malformed
        loaded += len(spec.expected_forms)
    return Corpus(root=root, files=files, forms=loaded, malformed_files=malformed,
                  bytes=written)


def change_files(root: Path, fraction: float, seed: int) -> list[Path]:
    """Rewrite about ``fraction`` of the files under ``root`` as a unit correcting a form:
    in each, the first form's four fund totals grow by the same amount (so the sums still
    hold) and its first ``≥`` target moves.  Files with no form to change (malformed) are
    skipped.  The same root, fraction and seed change the same files the same way."""
    paths = sorted(p for p in root.rglob("*") if p.is_file())
    rng = random.Random(seed)
    order = list(paths)
    rng.shuffle(order)
    wanted = round(fraction * len(paths))
    changed: list[Path] = []
    for path in order:
        if len(changed) >= wanted:
            break
        if _change_file(path, rng):
            changed.append(path)
    return sorted(changed)


def _change_file(path: Path, rng: random.Random) -> bool:
    delta = 100 * (1 + int(rng.random() * 500))  # fen; whole 元 (and whole 100 元 for 万元)
    step = 1 + int(rng.random() * 3)
    if path.suffix == ".xlsx":
        return _change_xlsx(path, delta, step)
    data = path.read_bytes()
    if not data or b"\x00" in data[:64]:
        return False
    bom = data.startswith(b"\xef\xbb\xbf")
    text, encoding = _decode(data[3:] if bom else data)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    edit = _CellEdit(delta, step)
    if path.suffix == ".html":
        lines = [_edit_html_row(line, edit) if line.startswith("<tr>") else line
                 for line in lines]
    else:
        lines = ["\t".join(edit.row(line.split("\t"))) for line in lines]
    if not edit.done:
        return False
    out = newline.join(lines).encode(encoding)
    path.write_bytes(b"\xef\xbb\xbf" + out if bom else out)
    return True


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


_TD = re.compile(r"<td>(.*?)</td>")


def _edit_html_row(line: str, edit: _CellEdit) -> str:
    cells = [html.unescape(c) for c in _TD.findall(line)]
    new = edit.row(cells)
    if new == cells:
        return line
    return "<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in new) + "</tr>"


_GE_TARGET = re.compile(r"^≥(\d+)")


class _CellEdit:
    """Edits rows of the first form: amounts of the 项目资金总额 and 财政资金 rows, then
    the first ``≥`` target after them; ``done`` when both were changed.  Relies on the
    generator's layout (label and value in the same row), not on the parser."""

    def __init__(self, delta_fen: int, step: int) -> None:
        self.delta = delta_fen
        self.step = step
        self.unit: str | None = None
        self.amount_rows = 0
        self.named = False  # a form without 项目名称 is malformed: left as it is
        self.done = False

    def row(self, cells: list[str]) -> list[str]:
        if self.done or not cells:
            return cells
        if cells[0] == "项目名称" and self.amount_rows == 0:
            self.named = len(cells) > 1 and bool(cells[1].strip())
        if self.named and self.amount_rows < 2 and any(
                c.endswith(("项目资金总额", "财政资金")) for c in cells):
            if self.unit is None:
                self.unit = "万元" if "万元" in cells[0] else "元"
            self.amount_rows += 1
            return [self._amount(c) for c in cells]
        if self.amount_rows == 2:
            for i, cell in enumerate(cells):
                match = _GE_TARGET.match(cell)
                if match:
                    value = int(match.group(1))
                    new = value - self.step if value + self.step > 100 else value + self.step
                    self.done = True
                    return [*cells[:i], f"≥{new}{cell[match.end():]}", *cells[i + 1:]]
        return cells

    def _amount(self, cell: str) -> str:
        if not _AMOUNT.match(cell):
            return cell
        unit = self.unit or "元"
        fen = int(cell.replace(",", "").replace(".", "")) * (10_000 if unit == "万元" else 1)
        return format_amount(fen + self.delta * (100 if unit == "万元" else 1), unit)

    def value(self, value: object) -> object:
        """The same edit on a typed workbook cell."""
        if isinstance(value, str):
            return self.row([value])[0]
        if isinstance(value, float) and self.unit == "元":
            return float(Decimal(repr(value)) + Decimal(self.delta) / 100)
        return value


def _change_xlsx(path: Path, delta: int, step: int) -> bool:
    import openpyxl

    book = openpyxl.load_workbook(path)
    edit = _CellEdit(delta, step)
    for row in book.worksheets[0].iter_rows():
        texts = ["" if c.value is None else str(c.value) for c in row]
        before = edit.amount_rows
        new = edit.row(texts)
        for cell, old, text in zip(row, texts, new, strict=True):
            if edit.amount_rows > before and isinstance(cell.value, float):
                cell.value = edit.value(cell.value)
            elif text != old:
                cell.value = text
                cell.data_type = "s"
        if edit.done:
            break
    if not edit.done:
        return False
    path.write_bytes(save_workbook(book))
    return True


def floor_read_and_split(root: Path) -> int:
    """The benchmark floor: the cheapest honest full pass over the corpus in plain Python.

    Text files are read, decoded (UTF-8, else GB18030) and split into lines and cells on
    tabs; HTML is decoded and split at ``<td``; a workbook is only read and its zip
    members listed (unzipping and parsing its XML is already reader work).  Returns the
    number of cells (zip members for workbooks), so the work cannot be optimised away.
    """
    cells = 0
    for folder, _, names in os.walk(root):
        for name in names:
            cells += _floor_file(Path(folder) / name)
    return cells


def _floor_file(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return len(archive.infolist())
        except zipfile.BadZipFile:
            return 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    if path.suffix in (".html", ".htm"):
        return len(text.split("<td")) - 1
    return sum(len(line.split("\t")) for line in text.splitlines())
