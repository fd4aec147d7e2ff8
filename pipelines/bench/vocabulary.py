"""What the benchmark's forms say: the words, names, amounts' labels and targets they pick from.

Lists of the Shanghai template's vocabulary (districts, bureaus and their units, places),
project names read in mixed radix from four lists (unique over the whole corpus: see
``name_collisions``), the framework's 二级 indicator names with Shanghai-style targets, and
the goal sentences.  Built once at import, so the planner only picks by index.
"""

from __future__ import annotations

import math
from collections import Counter

YEARS = (2022, 2023, 2024, 2025, 2026)
WIDTH = 7  # columns of the sample's rows
TITLE = "财政项目支出绩效目标申报表"


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
EXTRA_TABLE = tuple(name for name, weight in _EXTRA_WEIGHTS for _ in range(weight))
# 二级 most forms have besides 数量, 社会效益 and 满意度, with the share of forms having one.
USUAL_LEVELS = (("质量指标", 0.9), ("时效指标", 0.8), ("可持续影响指标", 0.85),
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

MONTH_ENDS = ("06-30", "08-31", "09-30", "10-31", "11-30", "12-31", "12-31")


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
